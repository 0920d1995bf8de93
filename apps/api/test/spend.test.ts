// The console's spend fields, computed from the ledger: overview vs caps, the drift chart and the history chart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORD, SET_BUDGET, startTestApi, type TestApi } from "./testkit.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const usage = (tenant: string, costUsd: string | null, extra: Record<string, unknown> = {}) => ({
  tenant,
  model: "gpt-4o",
  inputTokens: 100,
  outputTokens: 10,
  ...(costUsd === null ? {} : { costUsd }),
  ...extra,
});

describe("spend against caps", () => {
  it("today and this month vs the tightest cap, % of cap, over-cap amount, HARD badge, sparkline", async () => {
    const t = await api.tenant({ timezone: "Asia/Tokyo" });
    await api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "loose", period: "DAY", limitCostUsd: "5" } });
    await api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "tight", period: "DAY", limitCostUsd: "0.10" } });
    await api.gql(SET_BUDGET, {
      i: { tenant: t.slug, name: "monthly", period: "MONTH", limitCostUsd: "25", enforcement: "SOFT" },
    });
    for (const c of ["0.066", "0.114471", null])
      await api.gql(RECORD, { i: usage(t.slug, c, c ? {} : { model: "in-house" }) }, t.key);
    // Two days ago in the sparkline, outside today's window.
    await api.gql(
      RECORD,
      { i: usage(t.slug, "0.5", { occurredAt: new Date(Date.now() - 2 * 86_400_000).toISOString() }) },
      t.key,
    );

    const r = await api.gql(
      `query($t: String!) { tenant(slug: $t) { models spend {
        today { costUsd entries blockedEntries unpricedEntries capUsd capEnforcement percentOfCap overCapUsd exceeded }
        month { capUsd capEnforcement }
        daily(days: 3) { day costUsd entries }
        hardCapExceeded } } }`,
      { t: t.slug },
    );
    expect(r.errors).toBeUndefined();
    const s = r.data.tenant.spend;
    expect(s.today).toEqual({
      costUsd: "0.180471",
      entries: "3",
      blockedEntries: "2",
      unpricedEntries: "1",
      capUsd: "0.1",
      capEnforcement: "HARD",
      percentOfCap: "180.47",
      overCapUsd: "0.080471",
      exceeded: true,
    });
    expect(s.month).toEqual({ capUsd: "25", capEnforcement: "SOFT" });
    expect(s.hardCapExceeded).toBe(true);
    expect(s.daily).toHaveLength(3);
    expect(s.daily[2]).toMatchObject({ costUsd: "0.180471", entries: "3" });
    expect(s.daily[0]).toMatchObject({ costUsd: "0.5", entries: "1" });
    expect(s.daily[2].day).toBe(
      new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(new Date()),
    );
    expect(r.data.tenant.models).toEqual(["gpt-4o", "in-house"]);
  });

  it("no cap: nulls, never a made-up zero; no HARD budget exceeded: no badge", async () => {
    const t = await api.tenant();
    await api.gql(RECORD, { i: usage(t.slug, "1.25") }, t.key);
    const r = await api.gql(
      `query($t: String!) { tenant(slug: $t) { spend { today { costUsd capUsd percentOfCap overCapUsd exceeded } hardCapExceeded } } }`,
      { t: t.slug },
    );
    expect(r.data.tenant.spend).toEqual({
      today: { costUsd: "1.25", capUsd: null, percentOfCap: null, overCapUsd: null, exceeded: false },
      hardCapExceeded: false,
    });
  });

  it("the overview of many tenants equals each tenant asked alone (batched loaders answer per tenant)", async () => {
    const tenants = [];
    for (let i = 0; i < 4; i++) {
      const t = await api.tenant();
      await api.gql(SET_BUDGET, {
        i: { tenant: t.slug, name: "d", period: "DAY", limitCostUsd: `0.0${i + 1}` },
      });
      for (let k = 0; k <= i; k++) await api.gql(RECORD, { i: usage(t.slug, "0.015") }, t.key);
      tenants.push(t);
    }
    const all = await api.gql(
      `{ tenants { slug spend { today { costUsd capUsd exceeded } hardCapExceeded } } }`,
    );
    const bySlug = new Map(all.data.tenants.map((t: { slug: string }) => [t.slug, t]));
    for (const [i, t] of tenants.entries()) {
      const alone = await api.gql(
        `query($t: String!) { tenant(slug: $t) { slug spend { today { costUsd capUsd exceeded } hardCapExceeded } } }`,
        { t: t.slug },
      );
      expect(bySlug.get(t.slug)).toEqual(alone.data.tenant);
      expect(alone.data.tenant.spend.today.costUsd).toBe(["0.015", "0.03", "0.045", "0.06"][i]);
    }
  });
});

describe("drift and history", () => {
  it("drift: the running total through the window, exact, with blocked calls marked; history: past windows vs cap", async () => {
    const t = await api.tenant();
    const b = (
      await api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "daily", period: "DAY", limitCostUsd: "0.10" } })
    ).data.setBudget;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await api.gql(RECORD, { i: usage(t.slug, "0.3", { occurredAt: yesterday }) }, t.key);
    for (const c of ["0.066", "0.114471", "0.0125"]) await api.gql(RECORD, { i: usage(t.slug, c) }, t.key);
    const r = await api.gql(
      `query($t: String!) { tenant(slug: $t) { budgets { id
        drift { limitCostUsd usedCostUsd overCapUsd entries blockedEntries bucketSeconds points { cumulativeCostUsd blockedEntries entries } }
        history(windows: 3) { current costUsd limitCostUsd overCapUsd exceeded blockedEntries } } } }`,
      { t: t.slug },
    );
    expect(r.errors).toBeUndefined();
    const [budget] = r.data.tenant.budgets;
    expect(budget.id).toBe(b.id);
    expect(budget.drift).toEqual({
      limitCostUsd: "0.1",
      usedCostUsd: "0.192971",
      overCapUsd: "0.092971",
      entries: "3",
      blockedEntries: "2",
      bucketSeconds: null,
      points: [
        { cumulativeCostUsd: "0.066", blockedEntries: 0, entries: 1 },
        { cumulativeCostUsd: "0.180471", blockedEntries: 1, entries: 1 },
        { cumulativeCostUsd: "0.192971", blockedEntries: 1, entries: 1 },
      ],
    });
    expect(budget.history).toHaveLength(3);
    expect(budget.history[2]).toMatchObject({
      current: true,
      costUsd: "0.192971",
      overCapUsd: "0.092971",
      exceeded: true,
      blockedEntries: "2",
    });
    // Yesterday's $0.30 was recorded before today's and after no other: allowed then (the budget counts it now).
    expect(budget.history[1]).toMatchObject({
      current: false,
      costUsd: "0.3",
      overCapUsd: "0.2",
      exceeded: true,
    });
    expect(budget.history[0]).toMatchObject({ costUsd: "0", overCapUsd: "0", exceeded: false });
  });

  it("a busy window is bucketed, and the last running total still equals the exact ledger sum", async () => {
    const t = await api.tenant();
    await api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "total", period: "TOTAL", limitCostUsd: "1" } });
    // 1001 rows straight into the ledger (faster than 1001 API calls); the drift reads only the ledger.
    await api.db.prisma.$executeRawUnsafe(
      `INSERT INTO ledger_entries (tenant_id, id, request_hash, model, input_tokens, output_tokens, cost_usd, cost_source, occurred_at, allowed, decision)
       SELECT $1::uuid, gen_random_uuid(), 'h' || g, 'm', 1, 1, 0.001, 'REPORTED', now() - (g || ' seconds')::interval, g % 2 = 0, '[]'::jsonb
       FROM generate_series(1, 1001) g`,
      t.id,
    );
    const r = await api.gql(
      `query($t: String!) { tenant(slug: $t) { budgets { drift { usedCostUsd bucketSeconds entries points { cumulativeCostUsd entries blockedEntries } } } } }`,
      { t: t.slug },
    );
    expect(r.errors).toBeUndefined();
    const d = r.data.tenant.budgets[0].drift;
    expect(d.bucketSeconds).toBeGreaterThan(0);
    expect(d.points.length).toBeLessThanOrEqual(300);
    expect(d.usedCostUsd).toBe("1.001");
    expect(d.points.at(-1).cumulativeCostUsd).toBe("1.001");
    expect(d.points.reduce((n: number, p: { entries: number }) => n + p.entries, 0)).toBe(1001);
    expect(d.points.reduce((n: number, p: { blockedEntries: number }) => n + p.blockedEntries, 0)).toBe(501);
  });
});
