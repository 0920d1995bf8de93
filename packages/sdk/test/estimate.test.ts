// Pre-call estimates: prompt tokens counted locally with the tokenizer shipped in js-tiktoken, priced worst case.
import { describe, expect, it } from "vitest";
import { Tiktoken } from "js-tiktoken/lite";
import o200k_base from "js-tiktoken/ranks/o200k_base";
import { Decimal } from "@spendline/domain";
import { countPromptTokens, estimateUsage } from "../src/index.ts";

describe("estimateUsage", () => {
  it("counts a string prompt exactly with the model's encoding", () => {
    const text = "Spendline keeps the true ledger of LLM spend.";
    const expected = new Tiktoken(o200k_base).encode(text).length;
    expect(expected).toBeGreaterThan(5);
    expect(countPromptTokens("gpt-4o", text)).toBe(expected);
  });

  it("adds the chat format's overhead per message and for the reply", () => {
    const enc = new Tiktoken(o200k_base);
    const messages = [
      { role: "system", content: "You are terse." },
      { role: "user", content: [{ type: "text", text: "Hello" }, { type: "image_url" }] },
    ];
    const body = ["system", "You are terse.", "user", "Hello"].reduce((n, s) => n + enc.encode(s).length, 0);
    expect(countPromptTokens("gpt-4o-mini", messages)).toBe(body + 2 * 3 + 3);
  });

  it("prices the worst case from the catalog: all prompt tokens at the input rate, all of maxOutputTokens at output", () => {
    const e = estimateUsage("gpt-4o-mini", "x".repeat(10), 1000);
    expect(e.encoding).toBe("o200k_base");
    // $0.15 / M input, $0.60 / M output.
    expect(e.estimatedCostUsd).toBe(new Decimal(e.inputTokens).times("0.15").plus("600").div(1e6).toFixed());
    expect(e.estimatedTokens).toBe(String(e.inputTokens + 1000));
    expect(e.priceVersion).toBe("genai-prices@0.1.8:openai/gpt-4o-mini");
  });

  it("for models with a cache-write rate above the input rate, prices the prompt at the cache-write rate", () => {
    const prompt = "word ".repeat(1000);
    const e = estimateUsage("claude-sonnet-4-5", prompt, 0, { tokenizerMargin: 1 });
    expect(e.inputTokens).toBe(countPromptTokens("claude-sonnet-4-5", prompt));
    expect(e.estimatedCostUsd).toBe(new Decimal(e.inputTokens).times("3.75").div(1e6).toFixed()); // $3.75 / M
  });

  it("adds headroom for tokenizers that are not public, and says when the model has no price", () => {
    const base = countPromptTokens("claude-sonnet-4-5", "hello world, how are you");
    expect(estimateUsage("claude-sonnet-4-5", "hello world, how are you", 10).inputTokens).toBe(Math.ceil(base * 1.2));
    const unknown = estimateUsage("in-house-llm-v0", "hello", 10);
    expect(unknown).toMatchObject({ estimatedCostUsd: null, priceVersion: null });
    expect(() => estimateUsage("gpt-4o", "x", -1)).toThrow(RangeError);
  });
});
