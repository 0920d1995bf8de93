// Our Decimal pricing against the catalog package's own (float) arithmetic, over every model in the bundled data:
// the same rates must come out, to float precision. This pins how we read the data (tiers, cache rates, fees).
import { calcPrice, waitForUpdate } from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { Decimal } from "@spendline/domain";
import { CATALOG_VERSION, catalogPrice, priceTokens } from "../src/index.ts";

describe("catalog", () => {
  it("names the bundled data's version", () => {
    expect(CATALOG_VERSION).toBe("genai-prices@0.1.8");
  });

  it("agrees with the package's float totals on every text-token model (within 1e-9 relative)", async () => {
    const providers = (await waitForUpdate())!;
    const usage = { inputTokens: 250_123, cacheReadTokens: 40_000, cacheWriteTokens: 7_000, outputTokens: 3_210 };
    let compared = 0;
    for (const provider of providers) {
      for (const model of provider.models) {
        const ours = catalogPrice(model.id, { provider: provider.id, at: new Date("2026-12-01T12:00:00Z") });
        if (!ours || ours.modelId !== model.id || ours.providerId !== provider.id) continue;
        const cost = priceTokens(ours.rates, usage);
        if (!cost) continue;
        const theirs = calcPrice(
          { input_tokens: usage.inputTokens, cache_read_tokens: usage.cacheReadTokens, cache_write_tokens: usage.cacheWriteTokens, output_tokens: usage.outputTokens },
          model.id,
          { providerId: provider.id, timestamp: new Date("2026-12-01T12:00:00Z") },
        )!;
        const diff = cost.costUsd.minus(String(theirs.total_price)).abs();
        expect(diff.lte(cost.costUsd.times("1e-9").plus("1e-15")), `${provider.id}/${model.id}: ${cost.costUsd} vs ${theirs.total_price}`).toBe(
          true,
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("unknown models and unknown providers are not in the catalog (never guessed, never $0)", () => {
    expect(catalogPrice("in-house-llm-v0")).toBeNull();
    expect(catalogPrice("gpt-4o", { provider: "my-self-hosted" })).toBeNull();
    expect(catalogPrice("gpt-4o", { provider: "OpenAI" })?.priceVersion).toBe("genai-prices@0.1.8:openai/gpt-4o");
  });

  it("dated price changes apply by when the call happened", () => {
    // o3 was repriced on 2025-06-10.
    const before = catalogPrice("o3", { at: new Date("2025-06-01T00:00:00Z") })!;
    const after = catalogPrice("o3", { at: new Date("2025-07-01T00:00:00Z") })!;
    expect(before.rates.input!.base.gt(after.rates.input!.base)).toBe(true);
    expect(new Decimal(after.rates.input!.base).toFixed()).toBe("2");
  });
});
