// Tokens to dollars, exactly. Every token is priced once, at its own rate: the uncached part of the input at the
// input rate, cache reads and cache writes at theirs, output (reasoning included) at the output rate. Rates are
// USD per million tokens, as price lists (and the catalog) state them.
import { Decimal, badInput } from "@spendline/domain";

const PER_MILLION = new Decimal(1_000_000);

/**
 * A rate in USD per million tokens. Long-context prices are tiers: when the request's TOTAL input tokens exceed a
 * tier's `start`, every token of that kind is priced at the tier's price (how Anthropic and Google bill prompts
 * above 200k tokens, and how the catalog applies its tiers). A flat rate has no tiers.
 */
export interface Rate {
  base: Decimal;
  tiers: { start: number; price: Decimal }[];
}

/** A model's rates. Null: the price list has no rate of that kind (see `priceTokens` for what then applies). */
export interface ModelRates {
  input: Rate | null;
  output: Rate | null;
  /** Null: cache reads are charged at the input rate. */
  cacheRead: Rate | null;
  /** Null: cache writes are charged at the input rate. */
  cacheWrite: Rate | null;
  /** Null: reasoning tokens are charged at the output rate. */
  reasoning: Rate | null;
  /** A fixed fee per call (a few search-backed models charge one). */
  perRequestUsd: Decimal | null;
}

/** Canonical counts, as the API takes them: cache reads / writes are parts of input, reasoning is part of output. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

export interface CostBreakdown {
  costUsd: Decimal;
  uncachedInputUsd: Decimal;
  cacheReadUsd: Decimal;
  cacheWriteUsd: Decimal;
  outputUsd: Decimal;
  reasoningUsd: Decimal;
  requestUsd: Decimal;
}

export function flatRate(perMillionUsd: Decimal | string): Rate {
  return { base: new Decimal(perMillionUsd), tiers: [] };
}

/** The rate per million tokens for a request with `totalInputTokens` input tokens. */
export function rateFor(rate: Rate, totalInputTokens: number): Decimal {
  let price = rate.base;
  for (const tier of [...rate.tiers].sort((a, b) => a.start - b.start)) {
    if (totalInputTokens > tier.start) price = tier.price;
  }
  return price;
}

function wholeCount(value: number | undefined, field: string): number {
  const n = value ?? 0;
  if (!Number.isSafeInteger(n) || n < 0) throw badInput(field, "must be a whole, non-negative number of tokens");
  return n;
}

/** Validated counts with every part split out: each token appears in exactly one of the five parts. */
export function splitTokens(t: TokenCounts) {
  const input = wholeCount(t.inputTokens, "inputTokens");
  const output = wholeCount(t.outputTokens, "outputTokens");
  const cacheRead = wholeCount(t.cacheReadTokens, "cacheReadTokens");
  const cacheWrite = wholeCount(t.cacheWriteTokens, "cacheWriteTokens");
  const reasoning = wholeCount(t.reasoningTokens, "reasoningTokens");
  if (cacheRead + cacheWrite > input) {
    throw badInput("cacheReadTokens", "cache read + cache write tokens are parts of inputTokens and cannot exceed it");
  }
  if (reasoning > output) throw badInput("reasoningTokens", "reasoning tokens are part of outputTokens and cannot exceed it");
  return {
    totalInput: input,
    uncachedInput: input - cacheRead - cacheWrite,
    cacheRead,
    cacheWrite,
    // With its own reasoning rate, reasoning is split from the rest of the output; without one it is simply output.
    output,
    reasoning,
  };
}

/**
 * The cost of one call, or null when a kind of token the call used has no rate (e.g. output tokens for a model
 * priced only for input): such a call is UNPRICED, never silently cheaper.
 */
export function priceTokens(rates: ModelRates, tokens: TokenCounts): CostBreakdown | null {
  const t = splitTokens(tokens);
  const at = (rate: Rate | null, count: number): Decimal | null => {
    if (count === 0) return new Decimal(0);
    if (rate === null) return null;
    return rateFor(rate, t.totalInput).times(count).div(PER_MILLION);
  };
  const ownReasoning = rates.reasoning !== null;
  const uncachedInputUsd = at(rates.input, t.uncachedInput);
  const cacheReadUsd = at(rates.cacheRead ?? rates.input, t.cacheRead);
  const cacheWriteUsd = at(rates.cacheWrite ?? rates.input, t.cacheWrite);
  const outputUsd = at(rates.output, ownReasoning ? t.output - t.reasoning : t.output);
  const reasoningUsd = ownReasoning ? at(rates.reasoning, t.reasoning) : new Decimal(0);
  if (!uncachedInputUsd || !cacheReadUsd || !cacheWriteUsd || !outputUsd || !reasoningUsd) return null;
  // A model with no token rate at all (priced per audio hour, per page...) cannot be priced from tokens.
  if (rates.input === null && rates.output === null) return null;
  const requestUsd = rates.perRequestUsd ?? new Decimal(0);
  return {
    costUsd: uncachedInputUsd.plus(cacheReadUsd).plus(cacheWriteUsd).plus(outputUsd).plus(reasoningUsd).plus(requestUsd),
    uncachedInputUsd,
    cacheReadUsd,
    cacheWriteUsd,
    outputUsd,
    reasoningUsd,
    requestUsd,
  };
}

/**
 * The most a call with `inputTokens` of prompt and at most `maxOutputTokens` of output can cost: every input token
 * at the dearer of the input and cache-write rates (the whole prompt may be written to cache), every output token at
 * the dearer of the output and reasoning rates. Null when the model has no token rates.
 */
export function worstCaseCost(rates: ModelRates, inputTokens: number, maxOutputTokens: number): Decimal | null {
  const dearer = (a: Rate | null, b: Rate | null): Rate | null => {
    if (!a || !b) return a ?? b;
    return rateFor(a, inputTokens).gte(rateFor(b, inputTokens)) ? a : b;
  };
  return (
    priceTokens(
      { ...rates, input: dearer(rates.input, rates.cacheWrite), output: dearer(rates.output, rates.reasoning), reasoning: null },
      { inputTokens, outputTokens: maxOutputTokens },
    )?.costUsd ?? null
  );
}
