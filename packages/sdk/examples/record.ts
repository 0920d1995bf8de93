// Runnable example: report two LLM calls — one OpenAI-shaped, one Anthropic-shaped — to a running Spendline API,
// after asking checkBudget with a pre-call estimate.
//
//   pnpm start                 # API with demo data on :4000 (tenant "acme"), in another terminal
//   pnpm sdk:example           # this file
//
// SPENDLINE_URL (default http://localhost:4000), SPENDLINE_TOKEN (default: the admin token the API stored in
// .spendline/admin-token), SPENDLINE_TENANT (default "acme").
import fs from "node:fs";
import path from "node:path";
import { BudgetExceededError, SpendlineClient } from "../src/index.ts";

function token(): string {
  if (process.env.SPENDLINE_TOKEN) return process.env.SPENDLINE_TOKEN;
  const file = path.resolve(import.meta.dirname, "../../../.spendline/admin-token");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    throw new Error(`Set SPENDLINE_TOKEN, or start the API once (pnpm start) so that ${file} exists.`);
  }
}

const client = new SpendlineClient({
  url: process.env.SPENDLINE_URL ?? "http://localhost:4000",
  token: token(),
  tenant: process.env.SPENDLINE_TENANT ?? "acme",
  onNotAllowed: "return",
});

// 1. Before an expensive call: estimate it (counted locally, worst case from the catalog) and ask.
const messages = [
  { role: "system", content: "You are a careful analyst." },
  { role: "user", content: "Summarise yesterday's spend by model in three bullet points." },
];
const estimate = client.estimateUsage("gpt-4o", messages, 1024);
const check = await client.checkBudget(estimate);
console.log(`estimate: ${estimate.inputTokens} prompt tokens, up to $${estimate.estimatedCostUsd} -> allowed: ${check.allowed}`);

// 2. After the call: report what the provider returned. An OpenAI Chat Completions response (prompt_tokens include
// the cached tokens, completion_tokens include reasoning)...
const openaiResponse = {
  id: "chatcmpl-example",
  object: "chat.completion",
  model: "gpt-4o",
  choices: [{ index: 0, message: { role: "assistant", content: "..." }, finish_reason: "stop" }],
  usage: {
    prompt_tokens: 2_430,
    completion_tokens: 312,
    total_tokens: 2_742,
    prompt_tokens_details: { cached_tokens: 2_048 },
    completion_tokens_details: { reasoning_tokens: 0 },
  },
};
// ...and an Anthropic message (input_tokens exclude cache reads and writes).
const anthropicMessage = {
  id: "msg_example",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [{ type: "text", text: "..." }],
  usage: { input_tokens: 9, cache_read_input_tokens: 17_102, cache_creation_input_tokens: 0, output_tokens: 250 },
};

try {
  for (const [label, result] of [
    ["openai", await client.recordUsageFromOpenAI(openaiResponse, { metadata: { feature: "sdk-example" } })],
    ["anthropic", await client.recordUsageFromAnthropic(anthropicMessage, { metadata: { feature: "sdk-example" } })],
  ] as const) {
    const e = result.entry;
    console.log(
      `${label}: recorded ${e.inputTokens} in (${e.cacheReadTokens} cached) + ${e.outputTokens} out of ${e.model}` +
        ` = $${e.costUsd ?? "unknown"} [${e.costSource} ${e.priceVersion ?? ""}] allowed: ${result.allowed}`,
    );
    for (const b of result.budgets) {
      console.log(`  ${b.budget.name}: $${b.usedCostUsd} of ${b.limitCostUsd ? `$${b.limitCostUsd}` : "-"}` +
        `${b.hasUnpricedUsage ? ` (+ ${b.unpricedEntries} unpriced entries)` : ""}${b.exceeded ? " EXCEEDED" : ""}`);
    }
  }
} catch (e) {
  // Only with onNotAllowed: "throw" — and the usage is recorded all the same.
  if (e instanceof BudgetExceededError) console.log(`over budget, recorded as ${e.result.entry.id}`);
  else throw e;
}
