// requestHash tells an idempotent replay from a conflicting reuse of a key. Hashes are stored with every ledger
// row, so the fingerprint must never change: the golden values below were computed by the original generic
// implementation (canonicalJson over the whole usage), and the property checks the hand-ordered one against it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  fingerprintOf,
  formatDecimal,
  normalizeUsage,
  type RecordUsageFields,
} from "../src/index.ts";

const now = new Date("2026-12-03T12:00:00Z");

/** The original definition, kept here as the reference. */
function referenceFingerprint(usage: ReturnType<typeof normalizeUsage>): string {
  return canonicalJson({
    ...usage,
    requestHash: undefined,
    idempotencyKey: undefined,
    costUsd: usage.costUsd === null ? null : formatDecimal(usage.costUsd),
    occurredAt: usage.occurredAt?.toISOString() ?? null,
  });
}

describe("usage fingerprint", () => {
  it("keeps the hashes already stored in ledgers", () => {
    const plain = normalizeUsage({ model: "gpt-4o", inputTokens: 1200, outputTokens: 300 }, now);
    expect(plain.requestHash).toBe("6c39269c853b43da644dae929261dbe0c53f72fd71856a47ad8d3f83e1ff0ca5");
    const full = normalizeUsage(
      {
        idempotencyKey: "k-1",
        model: " claude-sonnet-4 ",
        provider: "anthropic",
        inputTokens: 5000,
        outputTokens: 700,
        cacheReadTokens: 4000,
        cacheWriteTokens: 100,
        reasoningTokens: 200,
        costUsd: "0.012300",
        occurredAt: "2026-12-03T10:15:30.5+01:00",
        metadata: { z: [1, { b: 2, a: 'é"' }], a: null, m: { y: 1.5, x: true } },
      },
      now,
    );
    expect(full.requestHash).toBe("ec9c9cc1a8c280d4ec0afab8a87df90b6bca4e6dcba2840d1bcf7ecd94aafbed");
  });

  it("equals the generic canonical JSON for any valid usage", () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constant(null),
        fc.boolean(),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(fc.string(), tie("value"), { maxKeys: 3 }),
      ),
    }));
    const fields: fc.Arbitrary<RecordUsageFields> = fc.record({
      model: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => /^[\w .:-]*\w[\w .:-]*$/.test(s)),
      provider: fc.option(fc.constantFrom("openai", "anthropic", "azure", 'we"ird\\'), { nil: undefined }),
      inputTokens: fc.integer({ min: 1000, max: 100_000 }),
      outputTokens: fc.integer({ min: 100, max: 100_000 }),
      cacheReadTokens: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
      cacheWriteTokens: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
      reasoningTokens: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      costUsd: fc.option(
        fc.tuple(fc.nat({ max: 1000 }), fc.nat({ max: 999_999 })).map(([i, f]) => `${i}.${f}`),
        { nil: undefined },
      ),
      occurredAt: fc.option(
        fc
          .date({ min: new Date("2001-01-01"), max: new Date("2026-12-01"), noInvalidDate: true })
          .map((d) => d.toISOString()),
        { nil: undefined },
      ),
      metadata: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), json.value, { maxKeys: 4 }), {
        nil: undefined,
      }),
    });
    fc.assert(
      fc.property(fields, (input) => {
        const usage = normalizeUsage(input, now);
        expect(fingerprintOf(usage)).toBe(referenceFingerprint(usage));
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
