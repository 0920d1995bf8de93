// Group commit and recordUsageBatch: concurrent calls share transactions, yet every caller's answer is exact and
// in commit order, idempotency holds within and across batches, and one caller's bad input fails only that caller.
import { Decimal } from "@spendline/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORD, SET_BUDGET, ledgerAudit, startTestApi, type GqlResponse, type TestApi } from "./testkit.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const RECORD_BATCH = `mutation($i: [RecordUsageInput!]!) {
  recordUsageBatch(inputs: $i) {
    recorded allowed duplicate
    entry { id costUsd idempotencyKey }
    budgets { usedCostUsd usedTokens exceeded budget { name } }
  }
}`;

const usage = (tenant: string, costUsd: string, extra: Record<string, unknown> = {}) => ({
  tenant,
  model: "gpt-4o",
  inputTokens: 100,
  outputTokens: 10,
  costUsd,
  ...extra,
});

async function cap(slug: string, limitCostUsd: string, name = "daily") {
  const r = await api.gql(SET_BUDGET, { i: { tenant: slug, name, period: "DAY", limitCostUsd } });
  expect(r.errors).toBeUndefined();
  return r.data.setBudget;
}

/** The answers of one tenant, checked as a commit-order chain: sorted by the total they saw, each total is the
 * previous one plus the answer's own cost, and `allowed` is exactly "total <= limit". */
function expectCommitOrderChain(results: GqlResponse[], limit: string) {
  const answers = results.map((r) => {
    expect(r.errors).toBeUndefined();
    const a = r.data.recordUsage ?? r.data;
    return {
      used: new Decimal(a.budgets[0].usedCostUsd),
      cost: new Decimal(a.entry.costUsd),
      allowed: a.allowed as boolean,
    };
  });
  answers.sort((a, b) => a.used.comparedTo(b.used));
  let total = new Decimal(0);
  for (const a of answers) {
    total = total.plus(a.cost);
    expect(a.used.toFixed()).toBe(total.toFixed());
    expect(a.allowed).toBe(a.used.lte(limit));
  }
  return total;
}

describe("group commit", () => {
  it("concurrent calls of several tenants: each answer is exact and in commit order; counters == ledger", async () => {
    const tenants = await Promise.all([api.tenant(), api.tenant(), api.tenant()]);
    for (const t of tenants) await cap(t.slug, "1.00");
    // Distinct costs, so a total that skipped or double-counted any usage could not form the chain.
    const calls = tenants.flatMap((t) =>
      Array.from({ length: 25 }, (_, i) => ({ t, cost: (0.01 * (i + 1)).toFixed(2) })),
    );
    calls.sort(() => Math.random() - 0.5);
    const results = await Promise.all(
      calls.map(({ t, cost }) => api.gql(RECORD, { i: usage(t.slug, cost) }, t.key)),
    );
    for (const t of tenants) {
      const mine = results.filter((_, i) => calls[i]!.t === t);
      const total = expectCommitOrderChain(mine, "1.00");
      expect(total.toFixed()).toBe("3.25");
      // Allowed until the running total passes 1.00, whatever order the usages committed in.
      expect(mine.some((r) => r.data.recordUsage.allowed)).toBe(true);
      expect(mine.some((r) => !r.data.recordUsage.allowed)).toBe(true);
      expect(await ledgerAudit(api.db, t.id)).toMatchObject({
        rows: 25,
        cost: "3.250000000000000000",
        counterMismatches: [],
      });
    }
  });

  it("one caller's bad input fails that caller only; the concurrent good calls are recorded", async () => {
    const t = await api.tenant();
    await cap(t.slug, "10");
    const good = Array.from({ length: 12 }, () => usage(t.slug, "0.10"));
    const bad = [
      usage(t.slug, "0.10", { inputTokens: -1 }),
      usage(t.slug, "not-a-number"),
      usage(t.slug, "0.10", { reasoningTokens: 11 }),
    ];
    const all = [...good.slice(0, 6), ...bad, ...good.slice(6)];
    const results = await Promise.all(all.map((i) => api.gql(RECORD, { i }, t.key)));
    const failed = results.filter((r) => r.errors);
    expect(failed).toHaveLength(3);
    expect(failed.map((r) => r.errors![0]!.extensions?.code)).toEqual([
      "BAD_USER_INPUT",
      "BAD_USER_INPUT",
      "BAD_USER_INPUT",
    ]);
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(12);
    expectCommitOrderChain(ok, "10");
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({
      rows: 12,
      cost: "1.200000000000000000",
      counterMismatches: [],
    });
  });

  it("an idempotency conflict fails its caller alone, even among concurrent calls of the same tenant", async () => {
    const t = await api.tenant();
    await cap(t.slug, "10");
    const first = await api.gql(RECORD, { i: usage(t.slug, "0.50", { idempotencyKey: "k-1" }) }, t.key);
    expect(first.errors).toBeUndefined();
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => api.gql(RECORD, { i: usage(t.slug, "0.25") }, t.key)),
      api.gql(RECORD, { i: usage(t.slug, "0.99", { idempotencyKey: "k-1" }) }, t.key),
      api.gql(RECORD, { i: usage(t.slug, "0.50", { idempotencyKey: "k-1" }) }, t.key),
    ]);
    expect(results.slice(0, 8).every((r) => !r.errors && !r.data.recordUsage.duplicate)).toBe(true);
    expect(results[8]!.errors?.[0]?.extensions?.code).toBe("IDEMPOTENCY_CONFLICT");
    expect(results[9]!.data.recordUsage).toMatchObject({
      duplicate: true,
      entry: first.data.recordUsage.entry,
    });
    expect(results[9]!.data.recordUsage.budgets).toEqual(first.data.recordUsage.budgets);
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({
      rows: 9,
      cost: "2.500000000000000000",
      counterMismatches: [],
    });
  });

  it("the same key with two payloads at once: one row; each answer is that row or a conflict", async () => {
    const t = await api.tenant();
    await cap(t.slug, "10");
    const a = usage(t.slug, "0.10", { idempotencyKey: "race" });
    const b = usage(t.slug, "0.20", { idempotencyKey: "race" });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => api.gql(RECORD, { i: i % 2 ? a : b }, t.key)),
    );
    const ok = results.filter((r) => !r.errors);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.code === "IDEMPOTENCY_CONFLICT");
    expect(ok.length + conflicts.length).toBe(10);
    expect(ok).toHaveLength(5);
    expect(new Set(ok.map((r) => r.data.recordUsage.entry.id)).size).toBe(1);
    expect(ok.filter((r) => !r.data.recordUsage.duplicate)).toHaveLength(1);
    expect((await ledgerAudit(api.db, t.id)).rows).toBe(1);
  });

  it("budgets created and edited while usage flows: counters still equal the ledger", async () => {
    const t = await api.tenant();
    const b = await cap(t.slug, "100");
    const usages = Array.from({ length: 40 }, () => api.gql(RECORD, { i: usage(t.slug, "0.07") }, t.key));
    const changes = [
      api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "second", period: "MONTH", limitCostUsd: "1" } }),
      api.gql(SET_BUDGET, {
        i: { id: b.id, tenant: t.slug, name: "daily", period: "WEEK", limitCostUsd: "2" },
      }),
      api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "tokens", period: "TOTAL", limitTokens: "1000" } }),
    ];
    const results = await Promise.all([...usages, ...changes]);
    expect(results.every((r) => !r.errors)).toBe(true);
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({
      rows: 40,
      cost: "2.800000000000000000",
      counterMismatches: [],
    });
    const after = await api.gql(RECORD, { i: usage(t.slug, "0.01") }, t.key);
    expect(after.data.recordUsage.budgets.map((s: { usedCostUsd: string }) => s.usedCostUsd).sort()).toEqual([
      "2.81",
      "2.81",
      "2.81",
    ]);
  });
});

describe("recordUsageBatch", () => {
  it("answers one result per usage, in input order, each decided on the totals up to itself", async () => {
    const t = await api.tenant();
    await cap(t.slug, "1.00");
    const costs = ["0.30", "0.40", "0.30", "0.01", "0.50"];
    const r = await api.gql(
      RECORD_BATCH,
      { i: costs.map((c, i) => usage(t.slug, c, { idempotencyKey: `b-${i}` })) },
      t.key,
    );
    expect(r.errors).toBeUndefined();
    const results = r.data.recordUsageBatch;
    expect(results.map((x: any) => x.entry.costUsd)).toEqual(["0.3", "0.4", "0.3", "0.01", "0.5"]);
    expect(results.map((x: any) => x.entry.idempotencyKey)).toEqual(["b-0", "b-1", "b-2", "b-3", "b-4"]);
    expect(results.map((x: any) => x.budgets[0].usedCostUsd)).toEqual(["0.3", "0.7", "1", "1.01", "1.51"]);
    expect(results.map((x: any) => x.allowed)).toEqual([true, true, true, false, false]);
    expect(results.every((x: any) => x.recorded && !x.duplicate)).toBe(true);
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({ rows: 5, counterMismatches: [] });
  });

  it("a key repeated in the list is a duplicate of its first use; a key already in the ledger replays", async () => {
    const t = await api.tenant();
    await cap(t.slug, "1");
    const earlier = await api.gql(RECORD, { i: usage(t.slug, "0.60", { idempotencyKey: "old" }) }, t.key);
    const r = await api.gql(
      RECORD_BATCH,
      {
        i: [
          usage(t.slug, "0.30", { idempotencyKey: "new" }),
          usage(t.slug, "0.60", { idempotencyKey: "old" }),
          usage(t.slug, "0.30", { idempotencyKey: "new" }),
          usage(t.slug, "0.20"),
        ],
      },
      t.key,
    );
    expect(r.errors).toBeUndefined();
    const [a, old, again, last] = r.data.recordUsageBatch;
    expect(a).toMatchObject({ duplicate: false, allowed: true });
    expect(a.budgets[0].usedCostUsd).toBe("0.9");
    expect(old).toMatchObject({ duplicate: true, entry: { id: earlier.data.recordUsage.entry.id } });
    expect(old.budgets[0].usedCostUsd).toBe("0.6");
    expect(again).toMatchObject({ duplicate: true, allowed: a.allowed, entry: a.entry, budgets: a.budgets });
    expect(last).toMatchObject({ duplicate: false, allowed: false });
    expect(last.budgets[0].usedCostUsd).toBe("1.1");
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({
      rows: 3,
      cost: "1.100000000000000000",
      counterMismatches: [],
    });
  });

  it("a conflict or an invalid usage anywhere in the list fails the request and records none of it", async () => {
    const t = await api.tenant();
    await api.gql(RECORD, { i: usage(t.slug, "0.10", { idempotencyKey: "taken" }) }, t.key);
    const inLedger = await api.gql(
      RECORD_BATCH,
      { i: [usage(t.slug, "0.10"), usage(t.slug, "0.20", { idempotencyKey: "taken" })] },
      t.key,
    );
    expect(inLedger.errors?.[0]?.extensions).toMatchObject({ code: "IDEMPOTENCY_CONFLICT", index: 1 });
    const inList = await api.gql(
      RECORD_BATCH,
      {
        i: [
          usage(t.slug, "0.10", { idempotencyKey: "x" }),
          usage(t.slug, "0.20"),
          usage(t.slug, "0.30", { idempotencyKey: "x" }),
        ],
      },
      t.key,
    );
    expect(inList.errors?.[0]?.extensions).toMatchObject({ code: "IDEMPOTENCY_CONFLICT", index: 2 });
    const invalid = await api.gql(
      RECORD_BATCH,
      { i: [usage(t.slug, "0.10"), usage(t.slug, "0.10"), usage(t.slug, "0.10"), usage(t.slug, "-1")] },
      t.key,
    );
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", index: 3 });
    expect(invalid.errors?.[0]?.message).toMatch(/^inputs\[3\]: /);
    expect((await ledgerAudit(api.db, t.id)).rows).toBe(1);
  });

  it("takes at most 1000 usages, another tenant's usage is refused, and an empty list records nothing", async () => {
    const t = await api.tenant();
    const other = await api.tenant();
    const tooMany = await api.gql(
      RECORD_BATCH,
      { i: Array.from({ length: 1001 }, () => usage(t.slug, "0.01")) },
      t.key,
    );
    expect(tooMany.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(tooMany.errors?.[0]?.message).toMatch(/at most 1000/);
    const foreign = await api.gql(
      RECORD_BATCH,
      { i: [usage(t.slug, "0.01"), usage(other.slug, "0.01")] },
      t.key,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const empty = await api.gql(RECORD_BATCH, { i: [] }, t.key);
    expect(empty).toMatchObject({ data: { recordUsageBatch: [] } });
    const full = await api.gql(
      RECORD_BATCH,
      { i: Array.from({ length: 1000 }, () => usage(t.slug, "0.01")) },
      t.key,
    );
    expect(full.errors).toBeUndefined();
    expect(full.data.recordUsageBatch).toHaveLength(1000);
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({
      rows: 1000,
      cost: "10.000000000000000000",
      counterMismatches: [],
    });
    expect((await ledgerAudit(api.db, other.id)).rows).toBe(0);
  });

  it("concurrent batches and single calls of one tenant: every usage counted once, answers form one chain", async () => {
    const t = await api.tenant();
    await cap(t.slug, "5");
    const requests = [
      ...Array.from({ length: 4 }, (_, k) =>
        api.gql(
          RECORD_BATCH,
          {
            i: Array.from({ length: 10 }, (_, i) =>
              usage(t.slug, `0.0${(i % 9) + 1}`, { idempotencyKey: `c${k}-${i}` }),
            ),
          },
          t.key,
        ),
      ),
      ...Array.from({ length: 10 }, () => api.gql(RECORD, { i: usage(t.slug, "0.11") }, t.key)),
    ];
    const results = await Promise.all(requests);
    expect(results.every((r) => !r.errors)).toBe(true);
    const answers = results.flatMap((r) =>
      (r.data.recordUsageBatch ?? [r.data.recordUsage]).map((x: unknown) => ({ status: 200, data: x })),
    );
    expect(answers).toHaveLength(50);
    expectCommitOrderChain(answers as GqlResponse[], "5");
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({ rows: 50, counterMismatches: [] });
  });
});

// Two API processes have separate queues, so their batches of one tenant run at the same time and can meet the same
// new idempotency key: the later COPY of the ledger rows fails on the unique key, the batch rolls back and is rerun,
// answering that usage as a replay. (PGlite runs one process per data directory: PostgreSQL only.)
describe.skipIf(!process.env.DATABASE_URL)("two processes, one key", () => {
  it("the same key sent to two servers at once is recorded once; every answer is that one row", async () => {
    const { openDatabase } = await import("@spendline/db");
    const { startApiServer } = await import("../src/index.ts");
    const { createLogger } = await import("../src/logger.ts");
    const db2 = await openDatabase({ target: api.target });
    const other = await startApiServer({ db: db2, adminToken: api.adminToken, log: createLogger("silent") });
    try {
      const t = await api.tenant();
      await cap(t.slug, "100");
      for (let round = 0; round < 5; round++) {
        const i = usage(t.slug, "0.25", { idempotencyKey: `shared-${round}` });
        const send = (url: string) =>
          fetch(`${url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${t.key}` },
            body: JSON.stringify({ query: RECORD, variables: { i } }),
          }).then((r) => r.json() as Promise<GqlResponse>);
        // Other usages of the tenant in flight too, so the keyed ones ride in batches that also hold new rows.
        const noise = Array.from({ length: 6 }, (_, k) =>
          api.gql(RECORD, { i: usage(t.slug, "0.01", { idempotencyKey: `noise-${round}-${k}` }) }, t.key),
        );
        const answers = await Promise.all(Array.from({ length: 8 }, (_, k) => send(k % 2 ? other.url : api.url)));
        expect((await Promise.all(noise)).every((r) => r.errors === undefined)).toBe(true);
        expect(answers.every((a) => a.errors === undefined)).toBe(true);
        const ids = new Set(answers.map((a) => a.data.recordUsage.entry.id));
        expect(ids.size).toBe(1);
        expect(answers.filter((a) => !a.data.recordUsage.duplicate)).toHaveLength(1);
      }
      const audit = await ledgerAudit(api.db, t.id);
      expect(audit.rows).toBe(5 + 5 * 6);
      expect(audit.counterMismatches).toEqual([]);
    } finally {
      await other.close();
      await db2.close();
    }
  });
});
