// The Azure LLM inference trace (CC-BY 4.0, Patel et al., "Splitwise", ISCA 2024): real request times and token
// counts. The bench replays its rows as usages; a row carries no price, so cost is derived from the tokens.
import fs from "node:fs";
import path from "node:path";

export const TRACE_DIR = path.resolve(import.meta.dirname, "../../../../shared/data/azure-llm-trace-2023");
const FILES = ["AzureLLMInferenceTrace_conv.csv", "AzureLLMInferenceTrace_code.csv"];

export interface TraceRow {
  /** Milliseconds since the first row of the trace. */
  offsetMs: number;
  inputTokens: number;
  outputTokens: number;
  /** Exact decimal string: $3 per million input tokens, $15 per million output tokens. */
  costUsd: string;
}

/** Cost in micro-dollars as an exact decimal string (BigInt arithmetic: never a float on the money path). */
export function costOf(inputTokens: number, outputTokens: number): string {
  const micros = BigInt(inputTokens) * 3n + BigInt(outputTokens) * 15n;
  const whole = micros / 1_000_000n;
  const frac = (micros % 1_000_000n).toString().padStart(6, "0");
  return `${whole}.${frac}`;
}

export function loadTrace(dir = TRACE_DIR): TraceRow[] {
  const raw: { at: number; input: number; output: number }[] = [];
  for (const file of FILES) {
    const lines = fs.readFileSync(path.join(dir, file), "utf8").split("\n");
    for (const line of lines.slice(1)) {
      const [ts, ctx, gen] = line.trim().split(",");
      if (!ts || ctx === undefined || gen === undefined) continue;
      // "2023-11-16 18:15:46.6805900": UTC, 7 fractional digits; milliseconds are enough for pacing.
      const at = Date.parse(`${ts.replace(" ", "T").slice(0, 23)}Z`);
      raw.push({ at, input: Number(ctx), output: Number(gen) });
    }
  }
  if (raw.length === 0) throw new Error(`No trace rows found in ${dir}`);
  raw.sort((a, b) => a.at - b.at);
  const t0 = raw[0]!.at;
  return raw.map((r) => ({
    offsetMs: r.at - t0,
    inputTokens: r.input,
    outputTokens: r.output,
    costUsd: costOf(r.input, r.output),
  }));
}
