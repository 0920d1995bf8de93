// The SDK against a real API on a real database (PGlite unless DATABASE_URL is set), through a proxy that fails on
// purpose where retries are under test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SET_BUDGET, ledgerAudit, startTestApi, type TestApi } from "@spendline/api/testkit";
import { BudgetExceededError, SpendlineClient, SpendlineError } from "../src/index.ts";
import { ANTHROPIC_MESSAGE, OPENAI_CHAT } from "./fixtures.ts";
import { startFaultyProxy } from "./proxy.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const FAST_RETRY = { attempts: 4, baseDelayMs: 20, maxDelayMs: 100 };

async function tenantClient(options: Partial<ConstructorParameters<typeof SpendlineClient>[0]> = {}) {
  const t = await api.tenant({ prefix: "sdk" });
  const client = new SpendlineClient({ url: api.url, token: t.key, tenant: t.slug, retry: FAST_RETRY, ...options });
  return { t, client };
}

async function dailyCap(slug: string, limitCostUsd: string) {
  const r = await api.gql(SET_BUDGET, { i: { tenant: slug, name: "daily", period: "DAY", limitCostUsd } });
  expect(r.errors).toBeUndefined();
}

describe("SpendlineClient", () => {
  it("records a known model from tokens only: priced by the server from the catalog", async () => {
    const { t, client } = await tenantClient();
    const r = await client.recordUsage({ model: "gpt-4o-mini", provider: "openai", inputTokens: 1234, outputTokens: 567 });
    expect(r).toMatchObject({ recorded: true, allowed: true, duplicate: false, attempts: 1, hasUnpricedUsage: false });
    expect(r.entry).toMatchObject({ costUsd: "0.0005253", costSource: "CATALOG", priceVersion: "genai-prices@0.1.8:openai/gpt-4o-mini" });
    expect(r.entry.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({ rows: 1, counterMismatches: [] });
  });

  it("the same call reported OpenAI-shaped and Anthropic-shaped: same canonical counts, same cost", async () => {
    const { t, client } = await tenantClient();
    const a = await client.recordUsageFromOpenAI(OPENAI_CHAT);
    const b = await client.recordUsageFromAnthropic(ANTHROPIC_MESSAGE);
    const canonical = (e: typeof a.entry) => ({
      model: e.model,
      inputTokens: e.inputTokens,
      outputTokens: e.outputTokens,
      cacheReadTokens: e.cacheReadTokens,
      cacheWriteTokens: e.cacheWriteTokens,
      reasoningTokens: e.reasoningTokens,
      costUsd: e.costUsd,
      costSource: e.costSource,
      priceVersion: e.priceVersion,
    });
    expect(canonical(b.entry)).toEqual(canonical(a.entry));
    // 17,102 cache reads at $0.30 / M, 9 at the $3 / M input rate, 250 output at $15 / M: once each.
    expect(a.entry).toMatchObject({ inputTokens: "17111", cacheReadTokens: "17102", costUsd: "0.0089076" });
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({ rows: 2, cost: "0.017815200000000000" });
  });

  it("an unknown model without a cost is UNPRICED (null), and the result says the window holds unpriced usage", async () => {
    const { t, client } = await tenantClient();
    await dailyCap(t.slug, "1");
    const r = await client.recordUsage({ model: "in-house-llm-v0", inputTokens: 900, outputTokens: 120 });
    expect(r.entry).toMatchObject({ costUsd: null, costSource: "UNPRICED" });
    expect(r.hasUnpricedUsage).toBe(true);
    expect(r.budgets[0]).toMatchObject({ unpricedEntries: "1", unpricedTokens: "1020", hasUnpricedUsage: true, usedCostUsd: "0" });
    const check = await client.checkBudget();
    expect(check.budgets[0]).toMatchObject({ unpricedEntries: "1", hasUnpricedUsage: true });
  });

  it("checkBudget with an estimate: the worst case is judged against the caps, and nothing is counted", async () => {
    const { t, client } = await tenantClient();
    await dailyCap(t.slug, "0.001");
    const estimate = client.estimateUsage("gpt-4o-mini", [{ role: "user", content: "Summarise the ledger." }], 2000);
    expect(estimate.estimatedCostUsd).not.toBeNull();
    const check = await client.checkBudget(estimate);
    // 2000 output tokens at $0.60 / M alone are $0.0012 > $0.001.
    expect(check.allowed).toBe(false);
    expect(check.budgets[0]!.usedCostUsd).toBe(estimate.estimatedCostUsd);
    expect((await ledgerAudit(api.db, t.id)).rows).toBe(0);
    expect((await client.checkBudget({ estimatedTokens: 10 })).allowed).toBe(true);
  });

  it('onNotAllowed "throw": BudgetExceededError is raised after the usage is recorded, carrying the full result', async () => {
    const { t, client } = await tenantClient({ onNotAllowed: "throw" });
    await dailyCap(t.slug, "0.10");
    await client.recordUsage({ model: "gpt-4o", inputTokens: 10, outputTokens: 10, costUsd: "0.066" });
    const err = await client
      .recordUsage({ model: "gpt-4o", inputTokens: 10, outputTokens: 10, costUsd: "0.114471" })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(BudgetExceededError);
    const result = (err as BudgetExceededError).result;
    expect(result).toMatchObject({ recorded: true, allowed: false, entry: { costUsd: "0.114471" } });
    expect(result.budgets[0]).toMatchObject({ usedCostUsd: "0.180471", exceeded: true });
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({ rows: 2, cost: "0.180471000000000000", counterMismatches: [] });
    // Per call, "return" answers the same refusal as data.
    const r = await client.recordUsage({ model: "gpt-4o", inputTokens: 1, outputTokens: 1, costUsd: "0.01" }, { onNotAllowed: "return" });
    expect(r.allowed).toBe(false);
  });

  it("a dropped connection after the API committed is retried with the same key and never double-counts", async () => {
    const t = await api.tenant({ prefix: "sdk" });
    await dailyCap(t.slug, "1");
    const proxy = await startFaultyProxy(api.url, ["drop-response"]);
    try {
      const client = new SpendlineClient({ url: proxy.url, token: t.key, tenant: t.slug, retry: FAST_RETRY });
      const r = await client.recordUsage({ model: "gpt-4o", inputTokens: 100, outputTokens: 10, costUsd: "0.3" });
      expect(proxy.stats.connections).toBe(2);
      // The first attempt landed; the retry is answered as its duplicate.
      expect(r).toMatchObject({ recorded: true, duplicate: true, attempts: 2 });
      expect(r.budgets[0]!.usedCostUsd).toBe("0.3");
      const audit = await ledgerAudit(api.db, t.id);
      expect(audit).toMatchObject({ rows: 1, cost: "0.300000000000000000", counterMismatches: [] });
      const check = await api.gql(`query($t: String!) { checkBudget(tenant: $t) { budgets { usedCostUsd entries } } }`, { t: t.slug });
      expect(check.data.checkBudget.budgets[0]).toEqual({ usedCostUsd: "0.3", entries: "1" });
    } finally {
      await proxy.close();
    }
  });

  it("a 503 is retried; a caller's own idempotency key makes a repeated call a duplicate", async () => {
    const t = await api.tenant({ prefix: "sdk" });
    const proxy = await startFaultyProxy(api.url, ["503"]);
    try {
      const client = new SpendlineClient({ url: proxy.url, token: t.key, tenant: t.slug, retry: FAST_RETRY });
      const report = { model: "gpt-4o", inputTokens: 5, outputTokens: 5, costUsd: "0.01", idempotencyKey: "call-42" };
      const first = await client.recordUsage(report);
      expect(first).toMatchObject({ duplicate: false, attempts: 2 });
      const again = await client.recordUsage(report);
      expect(again).toMatchObject({ duplicate: true, attempts: 1 });
      expect(again.entry.id).toBe(first.entry.id);
      expect((await ledgerAudit(api.db, t.id)).rows).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it("bad input is not retried and surfaces the API's code; an unreachable API fails after the retries", async () => {
    const { client } = await tenantClient();
    const bad = await client.recordUsage({ model: "gpt-4o", inputTokens: 10, outputTokens: 1, cacheReadTokens: 11 }).catch((e) => e);
    expect(bad).toBeInstanceOf(SpendlineError);
    expect(bad).toMatchObject({ code: "BAD_USER_INPUT", attempts: 1 });

    const proxy = await startFaultyProxy(api.url, []);
    const url = proxy.url;
    await proxy.close();
    const down = new SpendlineClient({ url, token: "x", tenant: "x", retry: { attempts: 3, baseDelayMs: 5 } });
    const err = await down.recordUsage({ model: "m", inputTokens: 1, outputTokens: 1 }).catch((e) => e);
    expect(err).toMatchObject({ code: "NETWORK_ERROR", attempts: 3 });
  });
});
