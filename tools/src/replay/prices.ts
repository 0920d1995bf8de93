// The list prices the replay costs its rows with. The Azure trace has token counts but no model or cost, so the
// replay assigns one of these models to each row and sends costUsd computed here (source REPORTED on the server)
// until the server prices tokens itself. The table is printed at the start of every run, so every figure in the
// output can be re-derived by hand.
import { Decimal } from "@spendline/domain";

export interface ModelPrice {
  model: string;
  provider: string;
  /** USD per million input tokens, as a decimal string. */
  inputPerMTok: string;
  /** USD per million output tokens, as a decimal string. */
  outputPerMTok: string;
}

/** Public list prices (USD per 1M tokens, standard tier, no caching or batch discount) as published in 2025. */
export const MODEL_PRICES: readonly ModelPrice[] = [
  { model: "gpt-4o-mini", provider: "openai", inputPerMTok: "0.15", outputPerMTok: "0.60" },
  { model: "gpt-4o", provider: "openai", inputPerMTok: "2.50", outputPerMTok: "10.00" },
  { model: "claude-3-5-haiku", provider: "anthropic", inputPerMTok: "0.80", outputPerMTok: "4.00" },
  { model: "claude-sonnet-4", provider: "anthropic", inputPerMTok: "3.00", outputPerMTok: "15.00" },
];

const MILLION = new Decimal(1_000_000);

/** Exact cost of one call: (input x input price + output x output price) / 1,000,000. No rounding anywhere. */
export function costOf(price: ModelPrice, inputTokens: number, outputTokens: number): Decimal {
  if (
    !Number.isSafeInteger(inputTokens) ||
    inputTokens < 0 ||
    !Number.isSafeInteger(outputTokens) ||
    outputTokens < 0
  ) {
    throw new Error(`token counts must be non-negative whole numbers, got ${inputTokens} / ${outputTokens}`);
  }
  return new Decimal(inputTokens)
    .times(price.inputPerMTok)
    .plus(new Decimal(outputTokens).times(price.outputPerMTok))
    .dividedBy(MILLION);
}
