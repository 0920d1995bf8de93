// The core promise, end to end over HTTP on a real database: always record, then decide.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECK, RECORD, SET_BUDGET, ledgerAudit, startTestApi, type TestApi } from "./testkit.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const usage = (tenant: string, costUsd: string | null, extra: Record<string, unknown> = {}) => ({
  tenant,
  model: "claude-opus-4",
  provider: "anthropic",
  inputTokens: 1000,
  outputTokens: 100,
  ...(costUsd === null ? {} : { costUsd }),
  ...extra,
});

async function dailyCap(slug: string, limitCostUsd: string, enforcement = "HARD") {
  const r = await api.gql(SET_BUDGET, { i: { tenant: slug, name: "daily", period: "DAY", limitCostUsd, enforcement } });
  expect(r.errors).toBeUndefined();
  return r.data.setBudget;
}

describe("recordUsage", () => {
  it("the ledger-drift report's scenario: the over-cap call is recorded, and refused only in `allowed`", async () => {
    const t = await api.tenant();
    await dailyCap(t.slug, "0.10");
    const first = await api.gql(RECORD, { i: usage(t.slug, "0.066") }, t.key);
    expect(first.errors).toBeUndefined();
    expect(first.data.recordUsage).toMatchObject({ recorded: true, allowed: true, duplicate: false });

    const second = await api.gql(RECORD, { i: usage(t.slug, "0.114471") }, t.key);
    expect(second.errors).toBeUndefined();
    const r = second.data.recordUsage;
    expect(r).toMatchObject({ recorded: true, allowed: false, duplicate: false });
    expect(r.entry).toMatchObject({ costUsd: "0.114471", costSource: "REPORTED", allowed: false });
    expect(r.budgets).toHaveLength(1);
    expect(r.budgets[0]).toMatchObject({ usedCostUsd: "0.180471", limitCostUsd: "0.1", exceeded: true });

    const audit = await ledgerAudit(api.db, t.id);
    expect(audit).toMatchObject({ rows: 2, counterMismatches: [] });
    expect(audit.cost).toBe("0.180471000000000000");

    const check = await api.gql(CHECK, { t: t.slug }, t.key);
    expect(check.data.checkBudget.allowed).toBe(false);
    expect(check.data.checkBudget.budgets[0]).toMatchObject({ usedCostUsd: "0.180471", remainingCostUsd: "0" });
  });

  it("at the limit is allowed, past it is not: ten $0.10 against $1.00, then an eleventh", async () => {
    const t = await api.tenant();
    await dailyCap(t.slug, "1.00");
    const allowed: boolean[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await api.gql(RECORD, { i: usage(t.slug, "0.10") }, t.key);
      expect(r.errors).toBeUndefined();
      allowed.push(r.data.recordUsage.allowed);
    }
    expect(allowed.slice(0, 10).every(Boolean)).toBe(true);
    expect(allowed[10]).toBe(false);
    const status = await api.gql(CHECK, { t: t.slug }, t.key);
    expect(status.data.checkBudget.budgets[0].usedCostUsd).toBe("1.1");
  });

  it("60 concurrent $0.03 against $1.00: all recorded, exactly 33 allowed, counter == SUM(ledger)", async () => {
    const t = await api.tenant();
    await dailyCap(t.slug, "1.00");
    const results = await Promise.all(
      Array.from({ length: 60 }, () => api.gql(RECORD, { i: usage(t.slug, "0.03") }, t.key)),
    );
    expect(results.every((r) => !r.errors && r.data.recordUsage.recorded)).toBe(true);
    expect(results.filter((r) => r.data.recordUsage.allowed)).toHaveLength(33);
    // Each answer saw a distinct running total, and `allowed` matches it: 33 * 0.03 = 0.99 <= 1.00 < 1.02.
    const totals = results.map((r) => r.data.recordUsage.budgets[0].usedCostUsd).sort((a, b) => Number(a) - Number(b));
    expect(new Set(totals).size).toBe(60);
    expect(totals.at(-1)).toBe("1.8");
    const audit = await ledgerAudit(api.db, t.id);
    expect(audit).toMatchObject({ rows: 60, cost: "1.800000000000000000", counterMismatches: [] });
  });

  it("an idempotent replay returns the first result and writes nothing; another payload is a conflict", async () => {
    const t = await api.tenant();
    await dailyCap(t.slug, "0.05");
    const input = usage(t.slug, "0.06", { idempotencyKey: "call-1", metadata: { a: 1, b: [1, 2] } });
    const first = await api.gql(RECORD, { i: input }, t.key);
    expect(first.data.recordUsage).toMatchObject({ allowed: false, duplicate: false });
    // Same payload, keys in another order: still the same usage.
    const again = await api.gql(RECORD, { i: { ...input, metadata: { b: [1, 2], a: 1 } } }, t.key);
    expect(again.errors).toBeUndefined();
    expect(again.data.recordUsage).toMatchObject({ allowed: false, duplicate: true });
    expect(again.data.recordUsage.entry).toEqual(first.data.recordUsage.entry);
    expect(again.data.recordUsage.budgets).toEqual(first.data.recordUsage.budgets);

    const conflict = await api.gql(RECORD, { i: { ...input, costUsd: "0.07" } }, t.key);
    expect(conflict.errors?.[0]?.extensions?.code).toBe("IDEMPOTENCY_CONFLICT");
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({ rows: 1, cost: "0.060000000000000000", counterMismatches: [] });
  });

  it("the same key sent 10 times at once gives one row and ten identical answers", async () => {
    const t = await api.tenant();
    await dailyCap(t.slug, "1");
    const input = usage(t.slug, "0.5", { idempotencyKey: "burst" });
    const results = await Promise.all(Array.from({ length: 10 }, () => api.gql(RECORD, { i: input }, t.key)));
    expect(results.every((r) => !r.errors)).toBe(true);
    expect(results.filter((r) => !r.data.recordUsage.duplicate)).toHaveLength(1);
    const ids = new Set(results.map((r) => r.data.recordUsage.entry.id));
    expect(ids.size).toBe(1);
    const budgets = new Set(results.map((r) => JSON.stringify(r.data.recordUsage.budgets)));
    expect(budgets.size).toBe(1);
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({ rows: 1, counterMismatches: [] });
  });

  it("a budget created mid-window counts the usage already in the ledger for that window", async () => {
    const t = await api.tenant();
    await api.gql(RECORD, { i: usage(t.slug, "0.40") }, t.key);
    await api.gql(RECORD, { i: usage(t.slug, "0.35") }, t.key);
    // Yesterday's usage is in the ledger but not in today's window.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await api.gql(RECORD, { i: usage(t.slug, "5", { occurredAt: yesterday }) }, t.key);
    await dailyCap(t.slug, "1.00");
    const check = await api.gql(CHECK, { t: t.slug }, t.key);
    expect(check.data.checkBudget.budgets[0].usedCostUsd).toBe("0.75");
    const next = await api.gql(RECORD, { i: usage(t.slug, "0.30") }, t.key);
    expect(next.data.recordUsage.allowed).toBe(false);
    expect(next.data.recordUsage.budgets[0].usedCostUsd).toBe("1.05");
    expect((await ledgerAudit(api.db, t.id)).counterMismatches).toEqual([]);
  });

  it("editing a limit keeps the window's spend; changing the period recounts from the ledger", async () => {
    const t = await api.tenant();
    const b = await dailyCap(t.slug, "1");
    await api.gql(RECORD, { i: usage(t.slug, "0.8") }, t.key);
    const edited = await api.gql(SET_BUDGET, { i: { id: b.id, tenant: t.slug, name: "daily", period: "DAY", limitCostUsd: "0.5" } });
    expect(edited.data.setBudget).toMatchObject({ limitCostUsd: "0.5", version: 2 });
    expect((await api.gql(CHECK, { t: t.slug }, t.key)).data.checkBudget).toMatchObject({ allowed: false });
    await api.gql(SET_BUDGET, { i: { id: b.id, tenant: t.slug, name: "total", period: "TOTAL", limitCostUsd: "10" } });
    const r = await api.gql(RECORD, { i: usage(t.slug, "0.2") }, t.key);
    expect(r.data.recordUsage).toMatchObject({ allowed: true });
    expect(r.data.recordUsage.budgets[0].usedCostUsd).toBe("1");
    expect((await ledgerAudit(api.db, t.id)).counterMismatches).toEqual([]);
  });

  it("SOFT budgets report exceeded but never refuse; disabled budgets neither decide nor show", async () => {
    const t = await api.tenant();
    await dailyCap(t.slug, "0.01", "SOFT");
    const off = await api.gql(SET_BUDGET, {
      i: { tenant: t.slug, name: "off", period: "DAY", limitCostUsd: "0.001", enabled: false },
    });
    expect(off.errors).toBeUndefined();
    const r = await api.gql(RECORD, { i: usage(t.slug, "0.5") }, t.key);
    expect(r.data.recordUsage.allowed).toBe(true);
    expect(r.data.recordUsage.budgets).toHaveLength(1);
    expect(r.data.recordUsage.budgets[0]).toMatchObject({ exceeded: true });
    expect((await ledgerAudit(api.db, t.id)).counterMismatches).toEqual([]);
  });

  it("lists the budgets a usage counted toward oldest first, in recordUsage and checkBudget alike", async () => {
    const t = await api.tenant();
    for (const name of ["first", "second", "third", "fourth"]) {
      await api.gql(SET_BUDGET, { i: { tenant: t.slug, name, period: "MONTH", limitCostUsd: "10" } });
    }
    const r = await api.gql(RECORD, { i: usage(t.slug, "0.01") }, t.key);
    expect(r.data.recordUsage.budgets.map((b: any) => b.budget.name)).toEqual(["first", "second", "third", "fourth"]);
    const c = await api.gql(CHECK, { t: t.slug }, t.key);
    expect(c.data.checkBudget.budgets.map((b: any) => b.budget.name)).toEqual(["first", "second", "third", "fourth"]);
  });

  it("a token limit counts input + output tokens", async () => {
    const t = await api.tenant();
    await api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "tokens", period: "DAY", limitTokens: "2200" } });
    const a = await api.gql(RECORD, { i: usage(t.slug, "0.01") }, t.key);
    const b = await api.gql(RECORD, { i: usage(t.slug, "0.01") }, t.key);
    const c = await api.gql(RECORD, { i: usage(t.slug, "0.01") }, t.key);
    expect([a, b, c].map((r) => r.data.recordUsage.allowed)).toEqual([true, true, false]);
    expect(c.data.recordUsage.budgets[0].usedTokens).toBe("3300");
  });

  it("without costUsd the usage is UNPRICED: cost null, never zero, counted in tokens and flagged", async () => {
    const t = await api.tenant();
    await dailyCap(t.slug, "1");
    const r = await api.gql(RECORD, { i: usage(t.slug, null, { model: "in-house-model" }) }, t.key);
    expect(r.errors).toBeUndefined();
    expect(r.data.recordUsage.entry).toMatchObject({ costUsd: null, costSource: "UNPRICED" });
    expect(r.data.recordUsage.budgets[0]).toMatchObject({ usedCostUsd: "0", usedTokens: "1100", unpricedEntries: "1" });
    expect((await ledgerAudit(api.db, t.id)).counterMismatches).toEqual([]);
  });

  it("occurredAt in the past lands in its own window", async () => {
    const t = await api.tenant({ timezone: "Asia/Tokyo" });
    await dailyCap(t.slug, "1");
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const late = await api.gql(RECORD, { i: usage(t.slug, "3", { occurredAt: twoDaysAgo }) }, t.key);
    expect(late.data.recordUsage.allowed).toBe(false);
    const today = await api.gql(RECORD, { i: usage(t.slug, "0.5") }, t.key);
    expect(today.data.recordUsage).toMatchObject({ allowed: true });
    expect(today.data.recordUsage.budgets[0].usedCostUsd).toBe("0.5");
  });

  it("exact decimals: 18 fractional digits survive, and a sum of tenths is exact", async () => {
    const t = await api.tenant();
    const tiny = "0.000000000000000001";
    const r = await api.gql(RECORD, { i: usage(t.slug, tiny) }, t.key);
    expect(r.data.recordUsage.entry.costUsd).toBe(tiny);
    for (let i = 0; i < 3; i++) await api.gql(RECORD, { i: usage(t.slug, "0.1") }, t.key);
    const s = await api.gql(`query($s: String!) { tenant(slug: $s) { usageSummary { costUsd entries } } }`, { s: t.slug }, t.key);
    expect(s.data.tenant.usageSummary).toEqual({ costUsd: "0.300000000000000001", entries: "4" });
  });
  it("the entry answered is the row as stored: a later read and a replay show every field the same", async () => {
    const t = await api.tenant();
    await dailyCap(t.slug, "1");
    const ENTRY = `id idempotencyKey model provider inputTokens outputTokens cacheReadTokens cacheWriteTokens reasoningTokens
      totalTokens costUsd costSource priceVersion occurredAt recordedAt allowed apiKeyId metadata`;
    const input = usage(t.slug, "0.123456789012345678", {
      idempotencyKey: "stored-as-answered",
      cacheReadTokens: 300,
      cacheWriteTokens: 20,
      reasoningTokens: 40,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      // Key order and number forms as a client might send them; jsonb stores its own canonical form.
      metadata: { zeta: { b: [1, 2.5, "x"], a: null }, alpha: true, "n-1": 10 },
    });
    const M = `mutation($i: RecordUsageInput!) { recordUsage(input: $i) { duplicate entry { ${ENTRY} } } }`;
    const first = await api.gql(M, { i: input }, t.key);
    expect(first.errors).toBeUndefined();
    const answered = first.data.recordUsage.entry;
    const read = await api.gql(
      `query($s: String!) { tenant(slug: $s) { ledger { nodes { ${ENTRY} } } } }`,
      { s: t.slug },
      t.key,
    );
    expect(read.data.tenant.ledger.nodes).toEqual([answered]);
    const replay = await api.gql(M, { i: input }, t.key);
    expect(replay.data.recordUsage).toEqual({ duplicate: true, entry: answered });
    expect(answered).toMatchObject({ costUsd: "0.123456789012345678", totalTokens: "1100", cacheReadTokens: "300" });
    expect(JSON.stringify(answered.metadata)).toBe(JSON.stringify(read.data.tenant.ledger.nodes[0].metadata));
  });
});
