// Provider extractors: each provider's reporting converted to the API's one meaning, with no token charged twice
// and none dropped. Pure: no API needed.
import { describe, expect, it } from "vitest";
import { catalogPrice, priceTokens } from "@spendline/pricing";
import { usageFromAnthropic, usageFromOpenAI } from "../src/index.ts";
import { ANTHROPIC_MESSAGE, OPENAI_CHAT } from "./fixtures.ts";


describe("usageFromOpenAI", () => {
  it("prompt_tokens include the cached tokens: they are a part of inputTokens, not added to it", () => {
    expect(usageFromOpenAI(OPENAI_CHAT)).toEqual({
      model: "claude-sonnet-4-5",
      inputTokens: 17_111,
      outputTokens: 250,
      cacheReadTokens: 17_102,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });

  it("completion_tokens include reasoning: reasoning is a part of outputTokens and never dropped", () => {
    const u = usageFromOpenAI({
      model: "o3",
      usage: { prompt_tokens: 100, completion_tokens: 1500, completion_tokens_details: { reasoning_tokens: 1200 } },
    });
    expect(u).toMatchObject({ inputTokens: 100, outputTokens: 1500, reasoningTokens: 1200 });
  });

  it("reads the Responses API's names too", () => {
    const u = usageFromOpenAI({
      model: "gpt-5",
      usage: {
        input_tokens: 5000,
        output_tokens: 800,
        input_tokens_details: { cached_tokens: 4096 },
        output_tokens_details: { reasoning_tokens: 512 },
      },
    });
    expect(u).toEqual({ model: "gpt-5", inputTokens: 5000, outputTokens: 800, cacheReadTokens: 4096, cacheWriteTokens: 0, reasoningTokens: 512 });
  });

  it("refuses a response without usage or with nonsense counts", () => {
    expect(() => usageFromOpenAI({ model: "gpt-4o" })).toThrow(/no usage/);
    expect(() => usageFromOpenAI({ model: "gpt-4o", usage: { prompt_tokens: -1, completion_tokens: 1 } })).toThrow(/non-negative/);
    expect(() => usageFromOpenAI({ usage: { prompt_tokens: 1, completion_tokens: 1 } })).toThrow(/no model/);
  });
});

describe("usageFromAnthropic", () => {
  it("input_tokens exclude cache reads and writes: they are added in, and kept as parts", () => {
    const u = usageFromAnthropic({
      model: "claude-sonnet-4-5",
      usage: { input_tokens: 5, cache_creation_input_tokens: 4735, cache_read_input_tokens: 1000, output_tokens: 255 },
    });
    expect(u).toEqual({
      model: "claude-sonnet-4-5",
      inputTokens: 5740,
      outputTokens: 255,
      cacheReadTokens: 1000,
      cacheWriteTokens: 4735,
      reasoningTokens: 0,
    });
  });

  it("the same call through either extractor: identical canonical counts and identical cost", () => {
    const openai = usageFromOpenAI(OPENAI_CHAT);
    const anthropic = usageFromAnthropic(ANTHROPIC_MESSAGE);
    expect(anthropic).toEqual(openai);
    const { rates } = catalogPrice("claude-sonnet-4-5")!;
    const a = priceTokens(rates, openai)!.costUsd.toFixed();
    expect(a).toBe(priceTokens(rates, anthropic)!.costUsd.toFixed());
    // cache-read rate on 17,102, input rate on 9, output rate on 250: 5130.6 + 27 + 3750 per million.
    expect(a).toBe("0.0089076");
  });
});
