// Property-based: any RecordUsageInput / SetBudgetInput, however hostile, through the real HTTP API either succeeds
// with an exact result or fails with a documented code — never a 500, never a partial write. Plus the hostile
// cursors and timestamps that once reached the database unchecked.
import fc from "fast-check";
import { Decimal } from "@spendline/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORD, SET_BUDGET, ledgerAudit, startTestApi, type GqlResponse, type TestApi } from "./testkit.ts";

/** The error codes a client may see for bad input (docs/reliability.md). */
const DOCUMENTED = new Set(["BAD_USER_INPUT", "IDEMPOTENCY_CONFLICT", "FORBIDDEN", "NOT_FOUND", "PAYLOAD_TOO_LARGE"]);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
// A fixed seed keeps CI deterministic; FUZZ_SEED=<n> (or a random one) explores further, and a failure prints its seed.
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261203;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom("", "   ", "\u0000", "a\u0007b", "😀".repeat(60), "x".repeat(256), "Robert'); DROP TABLE ledger_entries;--"),
);
const decimalString = fc.oneof(
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }), fc.integer({ min: 0, max: 20 })).map(
    ([w, f, digits]) => (digits === 0 ? `${w}` : `${w}.${f.toString().padStart(18, "0").slice(0, digits)}`),
  ),
  fc.constantFrom("-1", "-0", "0", "1e3", "NaN", "Infinity", " 1.5 ", "0x10", "1.", ".5", "1,5", "9".repeat(30), "0.0000000000000000001", ""),
);
const tokens = fc.oneof(
  fc.nat({ max: 100_000 }),
  fc.constantFrom(-1, 0, 2_147_483_647, 2_147_483_648, 1.5, 1e20, "5", null, true),
);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
/** Mostly valid, sometimes hostile: so that whole inputs are valid often enough to check exact results too. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: hostile });
const timestamp = fc.oneof(
  fc.integer({ min: -40 * 86_400_000, max: 60_000 }).map((ms) => new Date(Date.now() + ms).toISOString()),
  fc.constantFrom("1999-12-31T23:59:59Z", "2999-01-01T00:00:00Z", "+275760-09-13T00:00:00Z", "2026-02-30T10:00:00Z",
    "2026-13-01T00:00:00Z", "yesterday", "2026-01-01", "2026-01-01T00:00:00", 1735689600000 as unknown as string),
);
const metadata = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
  fc.jsonValue({ maxDepth: 7 }),
  fc.constantFrom({ big: "x".repeat(9000) }, { nul: "\u0000" }, [1, 2], "text"),
);

describe("recordUsage under hostile input", () => {
  it("succeeds exactly or fails with a documented code, writing nothing on failure", async () => {
    const t = await api.tenant({ prefix: "fuzz" });
    await api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "day", period: "DAY", limitCostUsd: "5" } });
    let expectedRows = 0;
    let expectedCost = new Decimal(0);
    const seen = new Map<string, string>(); // idempotency key -> entry id
    let successes = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            tenant: mostly(fc.constant(t.slug), hostileString),
            idempotencyKey: optional(mostly(fc.oneof(fc.constantFrom("k1", "k2", "k3"), fc.uuid()), hostileString)),
            model: mostly(fc.constantFrom("gpt-4o", "claude-sonnet-4"), hostileString),
            provider: optional(mostly(fc.constant("openai"), hostileString)),
            inputTokens: mostly(fc.integer({ min: 1000, max: 100_000 }), tokens),
            outputTokens: mostly(fc.nat({ max: 5000 }), tokens),
            cacheReadTokens: optional(mostly(fc.nat({ max: 400 }), tokens)),
            cacheWriteTokens: optional(mostly(fc.nat({ max: 400 }), tokens)),
            reasoningTokens: optional(tokens),
            costUsd: optional(mostly(decimalString, fc.constantFrom(0.1, -1, "abc"))),
            occurredAt: optional(mostly(timestamp.filter((x) => !/^(\d{4}|\+)/.test(x) || x > "2025"), timestamp)),
            metadata: optional(mostly(fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }), metadata)),
          },
          { requiredKeys: [] },
        ),
        async (input) => {
          const r: GqlResponse = await api.gql(RECORD, { i: input }, t.key);
          expect(r.status, JSON.stringify(r.errors)).not.toBe(500);
          if (r.errors) {
            for (const e of r.errors) expect(DOCUMENTED, e.message).toContain(e.extensions?.code);
          } else {
            successes++;
            const res = r.data.recordUsage;
            expect(res.recorded).toBe(true);
            if (res.duplicate) {
              expect(seen.get(String(input.idempotencyKey).trim())).toBe(res.entry.id);
            } else {
              expectedRows++;
              if (input.costUsd !== undefined) {
                expect(new Decimal(res.entry.costUsd).eq(new Decimal(String(input.costUsd).trim()))).toBe(true);
                expectedCost = expectedCost.plus(res.entry.costUsd);
              } else {
                // Priced by the server from the catalog, or UNPRICED (null cost) for a model it does not know.
                expect(["CATALOG", "UNPRICED"]).toContain(res.entry.costSource);
                expect(res.entry.costUsd === null).toBe(res.entry.costSource === "UNPRICED");
                if (res.entry.costUsd !== null) expectedCost = expectedCost.plus(res.entry.costUsd);
              }
              expect(res.entry.inputTokens).toBe(String(input.inputTokens));
              if (typeof input.idempotencyKey === "string") seen.set(input.idempotencyKey.trim(), res.entry.id);
            }
          }
          const audit = await ledgerAudit(api.db, t.id);
          expect(audit.rows).toBe(expectedRows);
          expect(new Decimal(audit.cost).eq(expectedCost)).toBe(true);
          expect(audit.counterMismatches).toEqual([]);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    expect(successes).toBeGreaterThan(0);
  });
});

describe("setBudget under hostile input", () => {
  it("succeeds exactly or fails with a documented code, changing nothing on failure", async () => {
    const t = await api.tenant({ prefix: "fuzzb" });
    const first = await api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "base", period: "DAY", limitCostUsd: "1" } });
    const existing = first.data.setBudget.id as string;
    const snapshot = async () =>
      api.gql(`query($s: String!) { tenant(slug: $s) { budgets { id name period limitCostUsd limitTokens enforcement enabled version } auditLog(first: 500) { nodes { id } } } }`, { s: t.slug });
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            id: optional(fc.oneof(fc.constant(existing), fc.uuid(), hostileString)),
            tenant: fc.oneof(fc.constant(t.slug), hostileString),
            name: fc.oneof(fc.constant("cap"), hostileString),
            period: fc.oneof(fc.constantFrom("DAY", "WEEK", "MONTH", "TOTAL"), hostileString),
            limitCostUsd: optional(decimalString),
            limitTokens: optional(fc.oneof(fc.bigInt({ min: -5n, max: 2n ** 64n }).map(String), fc.constantFrom("1.5", "abc", 12, -3, 2 ** 60))),
            enforcement: optional(fc.oneof(fc.constantFrom("HARD", "SOFT"), hostileString)),
            enabled: optional(fc.oneof(fc.boolean(), fc.constant("yes" as unknown as boolean))),
            startsAt: optional(timestamp),
          },
          { requiredKeys: [] },
        ),
        async (input) => {
          const before = await snapshot();
          const r = await api.gql(SET_BUDGET, { i: input });
          expect(r.status, JSON.stringify(r.errors)).not.toBe(500);
          if (r.errors) {
            for (const e of r.errors) expect(DOCUMENTED, e.message).toContain(e.extensions?.code);
            expect(await snapshot()).toEqual(before);
          } else {
            const b = r.data.setBudget;
            if (input.limitCostUsd !== undefined) {
              expect(new Decimal(b.limitCostUsd).eq(new Decimal(String(input.limitCostUsd).trim()))).toBe(true);
            }
            if (input.limitTokens !== undefined) expect(BigInt(b.limitTokens)).toBe(BigInt(String(input.limitTokens).trim()));
          }
          expect((await ledgerAudit(api.db, t.id)).counterMismatches).toEqual([]);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe("hostile cursors", () => {
  // Regression: a cursor that passed the shape check but was no UUID reached the database and answered a 500.
  it("a ledger cursor that is not a UUID is BAD_USER_INPUT", async () => {
    const t = await api.tenant({ prefix: "cur" });
    for (const raw of ["ledger:" + "-".repeat(36), "ledger:" + "f".repeat(36), "nonsense"]) {
      const after = Buffer.from(raw).toString("base64url");
      const r = await api.gql(`query($s: String!, $a: String) { tenant(slug: $s) { ledger(after: $a) { nodes { id } } } }`, { s: t.slug, a: after }, t.key);
      expect(r.status, raw).not.toBe(500);
      expect(r.errors?.[0]?.extensions?.code, raw).toBe("BAD_USER_INPUT");
    }
  });

  it("an audit-log cursor that is not a UUID is BAD_USER_INPUT", async () => {
    const t = await api.tenant({ prefix: "cur" });
    for (const raw of ["2026-01-01T00:00:00Z|not-a-uuid", "2026-01-01T00:00:00Z|'; --", "+275760-09-13T00:00:00Z|00000000-0000-0000-0000-000000000000"]) {
      const after = Buffer.from(raw).toString("base64url");
      const r = await api.gql(`query($s: String!, $a: String) { tenant(slug: $s) { auditLog(after: $a) { nodes { id } } } }`, { s: t.slug, a: after });
      expect(r.status, raw).not.toBe(500);
      expect(r.errors?.[0]?.extensions?.code, raw).toBe("BAD_USER_INPUT");
    }
  });
});
