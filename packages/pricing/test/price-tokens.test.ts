// Pure pricing: no database. Known figures are worked out by hand from the catalog's published rates.
import { describe, expect, it } from "vitest";
import { Decimal } from "@spendline/domain";
import { catalogPrice, flatRate, priceTokens, worstCaseCost, type ModelRates } from "../src/index.ts";

const flat = (input: string, output: string, extra: Partial<ModelRates> = {}): ModelRates => ({
  input: flatRate(input),
  output: flatRate(output),
  cacheRead: null,
  cacheWrite: null,
  reasoning: null,
  perRequestUsd: null,
  ...extra,
});

describe("priceTokens", () => {
  it("known catalog model, tokens only: priced above zero, exactly at the catalog's rates", () => {
    // gpt-4o-mini in genai-prices 0.1.8: $0.15 / M input, $0.075 / M cache read, $0.60 / M output.
    const price = catalogPrice("gpt-4o-mini", { provider: "openai" })!;
    expect(price.priceVersion).toBe("genai-prices@0.1.8:openai/gpt-4o-mini");
    expect(price.rates.input!.base.toFixed()).toBe("0.15");
    expect(price.rates.cacheRead!.base.toFixed()).toBe("0.075");
    expect(price.rates.output!.base.toFixed()).toBe("0.6");
    const cost = priceTokens(price.rates, { inputTokens: 1234, outputTokens: 567 })!;
    // 1234 * 0.15 / 1e6 + 567 * 0.6 / 1e6 = 0.0001851 + 0.0003402
    expect(cost.costUsd.toFixed()).toBe("0.0005253");
    expect(cost.costUsd.gt(0)).toBe(true);
  });

  it("17,111 input tokens of which 17,102 cache reads: cache-read rate on 17,102, input rate on 9, once", () => {
    // claude-sonnet-4-5: $3 / M input, $0.30 / M cache read, $3.75 / M cache write, $15 / M output.
    const { rates } = catalogPrice("claude-sonnet-4-5")!;
    const cost = priceTokens(rates, { inputTokens: 17_111, cacheReadTokens: 17_102, outputTokens: 250 })!;
    expect(cost.cacheReadUsd.toFixed()).toBe("0.0051306"); // 17102 * 0.3 / 1e6
    expect(cost.uncachedInputUsd.toFixed()).toBe("0.000027"); // 9 * 3 / 1e6
    expect(cost.cacheWriteUsd.toFixed()).toBe("0");
    expect(cost.outputUsd.toFixed()).toBe("0.00375"); // 250 * 15 / 1e6
    expect(cost.costUsd.toFixed()).toBe("0.0089076");
    // Charging the cached tokens twice (once as input) would have cost 17111 * 3 / 1e6 more.
    expect(cost.costUsd.lt(new Decimal("0.05"))).toBe(true);
  });

  it("cache writes at their own rate; reasoning tokens are output and are never dropped", () => {
    const rates = flat("3", "15", { cacheRead: flatRate("0.3"), cacheWrite: flatRate("3.75") });
    const cost = priceTokens(rates, {
      inputTokens: 4740,
      cacheWriteTokens: 4735,
      outputTokens: 255,
      reasoningTokens: 200,
    })!;
    // 5 * 3 + 4735 * 3.75 + 255 * 15 (all output, reasoning included), per million.
    expect(cost.costUsd.toFixed()).toBe("0.02159625");
    expect(cost.outputUsd.toFixed()).toBe("0.003825");
  });

  it("a model with its own reasoning rate prices reasoning there and the rest of the output at the output rate", () => {
    const rates = flat("2", "8", { reasoning: flatRate("3") });
    const cost = priceTokens(rates, { inputTokens: 1000, outputTokens: 1000, reasoningTokens: 600 })!;
    expect(cost.outputUsd.toFixed()).toBe("0.0032"); // 400 * 8 / 1e6
    expect(cost.reasoningUsd.toFixed()).toBe("0.0018"); // 600 * 3 / 1e6
    expect(cost.costUsd.toFixed()).toBe("0.007");
  });

  it("without cache rates, cache tokens are charged at the input rate (once)", () => {
    const cost = priceTokens(flat("1", "2"), { inputTokens: 1_000_000, cacheReadTokens: 400_000, outputTokens: 0 })!;
    expect(cost.costUsd.toFixed()).toBe("1");
  });

  it("tiers: above 200k input tokens every token of a kind is priced at the tier's rate", () => {
    const { rates } = catalogPrice("claude-sonnet-4-5")!;
    const below = priceTokens(rates, { inputTokens: 200_000, outputTokens: 1000 })!;
    expect(below.costUsd.toFixed()).toBe("0.615"); // 200000 * 3 + 1000 * 15
    const above = priceTokens(rates, { inputTokens: 200_001, cacheReadTokens: 100_000, outputTokens: 1000 })!;
    // 100001 * 6 + 100000 * 0.6 + 1000 * 22.5, per million
    expect(above.costUsd.toFixed()).toBe("0.682506");
  });

  it("per-request fees are added once per call", () => {
    const { rates } = catalogPrice("sonar", { provider: "perplexity" })!;
    expect(rates.perRequestUsd!.toFixed()).toBe("0.012");
    expect(priceTokens(rates, { inputTokens: 0, outputTokens: 0 })!.costUsd.toFixed()).toBe("0.012");
  });

  it("a kind of token without a rate makes the call unpriceable, not cheaper", () => {
    const inputOnly: ModelRates = { ...flat("0.02", "0"), output: null };
    expect(priceTokens(inputOnly, { inputTokens: 10, outputTokens: 0 })!.costUsd.toFixed()).toBe("0.0000002");
    expect(priceTokens(inputOnly, { inputTokens: 10, outputTokens: 1 })).toBeNull();
  });

  it("parts larger than their total are rejected", () => {
    expect(() => priceTokens(flat("1", "1"), { inputTokens: 10, cacheReadTokens: 8, cacheWriteTokens: 3, outputTokens: 0 })).toThrow(
      /cannot exceed/,
    );
    expect(() => priceTokens(flat("1", "1"), { inputTokens: 10, outputTokens: 1, reasoningTokens: 2 })).toThrow(/cannot exceed/);
    expect(() => priceTokens(flat("1", "1"), { inputTokens: 1.5, outputTokens: 0 })).toThrow(/whole/);
  });

  it("worst case: every input token at the dearer of input and cache write, all output at the output rate", () => {
    const { rates } = catalogPrice("claude-sonnet-4-5")!;
    // 1000 * 3.75 + 500 * 15, per million
    expect(worstCaseCost(rates, 1000, 500)!.toFixed()).toBe("0.01125");
    const gpt = catalogPrice("gpt-4o-mini")!;
    expect(worstCaseCost(gpt.rates, 1000, 500)!.toFixed()).toBe("0.00045");
  });
});
