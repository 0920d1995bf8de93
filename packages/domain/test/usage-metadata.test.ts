// Where usage metadata's limits lie: the size and depth limits are exact (an early stop on the size never refuses
// metadata that fits), and what JSON in JavaScript cannot carry faithfully is refused rather than altered.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LIMITS, normalizeUsage } from "../src/usage.ts";

const now = new Date("2026-12-04T12:00:00Z");
const withMetadata = (metadata: unknown) =>
  normalizeUsage({ model: "m", inputTokens: 1, outputTokens: 1, metadata } as never, now);
const refusal = (metadata: unknown): string | null => {
  try {
    withMetadata(metadata);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};

/** `levels` objects nested in one another (the outermost included). */
function nested(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) v = { v };
  return v;
}

describe("usage metadata", () => {
  it("is accepted at exactly the byte limit and refused one byte above it", () => {
    const fill = (bytes: number) => ({ a: "x".repeat(bytes - `{"a":""}`.length) });
    expect(Buffer.byteLength(JSON.stringify(fill(LIMITS.maxMetadataBytes)))).toBe(LIMITS.maxMetadataBytes);
    expect(refusal(fill(LIMITS.maxMetadataBytes))).toBeNull();
    expect(refusal(fill(LIMITS.maxMetadataBytes + 1))).toMatch(/at most 8192 bytes/);
    // Text counts in UTF-8 bytes: 2,728 three-byte characters and the key are 8,192 bytes of JSON, 2,729 are 8,195.
    expect(refusal({ a: "€".repeat(2728) })).toBeNull();
    expect(refusal({ a: "€".repeat(2729) })).toMatch(/at most 8192 bytes/);
  });

  it("is accepted at the depth limit and refused one level deeper, however deep", () => {
    expect(refusal(nested(LIMITS.maxMetadataDepth))).toBeNull();
    expect(refusal(nested(LIMITS.maxMetadataDepth + 1))).toMatch(/deeper than 5 levels/);
    expect(refusal(nested(100_000))).toMatch(/deeper than 5 levels/);
    let array: unknown = 0;
    for (let i = 0; i < 100_000; i++) array = [array];
    expect(refusal({ a: array })).toMatch(/deeper than 5 levels/);
  });

  it("refuses what it could not store as sent: infinities, NUL, half surrogate pairs (in keys too)", () => {
    expect(refusal({ a: Infinity })).toMatch(/range of a double/);
    expect(refusal({ a: [1, -Infinity] })).toMatch(/range of a double/);
    expect(refusal({ a: NaN })).toMatch(/range of a double/);
    expect(refusal({ a: "x\u0000" })).toMatch(/NUL/);
    expect(refusal({ ["k\u0000"]: 1 })).toMatch(/NUL/);
    expect(refusal({ a: "\ud800" })).toMatch(/valid Unicode/);
    expect(refusal({ ["\udfff"]: 1 })).toMatch(/valid Unicode/);
    expect(refusal({ a: "\\u0000 as six characters", b: "\u{1F680}" })).toBeNull();
  });

  it("never refuses for size what fits, never accepts what does not (any JSON value)", () => {
    const value = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.string({ unit: "binary-ascii", maxLength: 600 }),
        fc.string({ unit: "grapheme", maxLength: 300 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 40 }),
        fc.dictionary(fc.string({ maxLength: 30 }), tie("value"), { maxKeys: 20 }),
      ),
    }));
    const metadata = fc.dictionary(fc.string({ maxLength: 20 }), value.value, { maxKeys: 30 });
    fc.assert(
      fc.property(metadata, (m) => {
        const json = JSON.stringify(m);
        const tooDeep = /deeper than/.test(refusal(m) ?? "");
        fc.pre(!tooDeep && !json.includes("\\u0000"));
        const fits = Buffer.byteLength(json) <= LIMITS.maxMetadataBytes;
        expect(refusal(m) === null).toBe(fits);
      }),
      { seed: 11, numRuns: 400 },
    );
  });
});
