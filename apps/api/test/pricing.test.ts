// Server-side pricing end to end over HTTP on a real database: catalog prices, unpriced usage surfaced, admin
// overrides, and re-pricing that moves the counters by exactly the new cost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Decimal } from "@spendline/domain";
import { SET_BUDGET, ledgerAudit, startTestApi, type TestApi } from "./testkit.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const STATUS = `budget { id name } windowStart usedCostUsd usedTokens unpricedEntries unpricedTokens hasUnpricedUsage exceeded`;
const RECORD = `mutation($i: RecordUsageInput!) {
  recordUsage(input: $i) {
    recorded allowed duplicate hasUnpricedUsage
    entry { id costUsd costSource priceVersion inputTokens outputTokens cacheReadTokens }
    budgets { ${STATUS} }
  }
}`;
const BUDGETS = `query($t: String!) { tenant(slug: $t) { budgets { name status { ${STATUS} } } } }`;
const CHECK = `query($t: String!) { checkBudget(tenant: $t) { allowed budgets { ${STATUS} } } }`;
const SET_OVERRIDE = `mutation($i: SetPriceOverrideInput!) {
  setPriceOverride(input: $i) { id tenant model inputUsdPerMtok outputUsdPerMtok cacheReadUsdPerMtok version priceVersion }
}`;
const REPRICE = `mutation($t: String!, $m: String) {
  repriceUnpriced(tenant: $t, model: $m) { repricedEntries repricedCostUsd stillUnpricedEntries countersAdjusted }
}`;
const AUDIT = `query($t: String!) { tenant(slug: $t) { auditLog(first: 20) { nodes { action entityType before after } } } }`;

async function budget(slug: string, input: Record<string, unknown>) {
  const r = await api.gql(SET_BUDGET, { i: { tenant: slug, ...input } });
  expect(r.errors).toBeUndefined();
  return r.data.setBudget;
}

async function record(key: string, input: Record<string, unknown>) {
  const r = await api.gql(RECORD, { i: input }, key);
  expect(r.errors).toBeUndefined();
  return r.data.recordUsage;
}

async function statusByName(slug: string): Promise<Record<string, any>> {
  const r = await api.gql(BUDGETS, { t: slug });
  expect(r.errors).toBeUndefined();
  return Object.fromEntries(r.data.tenant.budgets.map((b: any) => [b.name, b.status]));
}

describe("catalog pricing", () => {
  it("a known model with tokens only is priced above zero, exactly at the catalog's rates", async () => {
    const t = await api.tenant();
    await budget(t.slug, { name: "daily", period: "DAY", limitCostUsd: "1" });
    const r = await record(t.key, { tenant: t.slug, model: "gpt-4o-mini", provider: "openai", inputTokens: 1234, outputTokens: 567 });
    // $0.15 / M input, $0.60 / M output: 1234 * 0.15 / 1e6 + 567 * 0.6 / 1e6.
    expect(r.entry).toMatchObject({
      costUsd: "0.0005253",
      costSource: "CATALOG",
      priceVersion: "genai-prices@0.1.8:openai/gpt-4o-mini",
    });
    expect(r.hasUnpricedUsage).toBe(false);
    expect(r.budgets[0]).toMatchObject({ usedCostUsd: "0.0005253", unpricedEntries: "0", hasUnpricedUsage: false });
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({ rows: 1, cost: "0.000525300000000000", counterMismatches: [] });
  });

  it("17,111 input tokens of which 17,102 cache reads: the cache-read rate on 17,102 and the input rate on 9, once", async () => {
    const t = await api.tenant();
    const r = await record(t.key, {
      tenant: t.slug,
      model: "claude-sonnet-4-5",
      inputTokens: 17_111,
      cacheReadTokens: 17_102,
      outputTokens: 250,
    });
    // 17102 * 0.30 + 9 * 3 + 250 * 15, per million.
    expect(r.entry).toMatchObject({ costUsd: "0.0089076", costSource: "CATALOG", inputTokens: "17111", cacheReadTokens: "17102" });
  });

  it("a reported cost is the truth, whatever the catalog says", async () => {
    const t = await api.tenant();
    const r = await record(t.key, { tenant: t.slug, model: "gpt-4o-mini", inputTokens: 1000, outputTokens: 1000, costUsd: "0.5" });
    expect(r.entry).toMatchObject({ costUsd: "0.5", costSource: "REPORTED", priceVersion: null });
  });

  it("parts larger than their total are rejected and nothing is written", async () => {
    const t = await api.tenant();
    const r = await api.gql(RECORD, { i: { tenant: t.slug, model: "gpt-4o", inputTokens: 10, cacheReadTokens: 11, outputTokens: 1 } }, t.key);
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await ledgerAudit(api.db, t.id)).rows).toBe(0);
  });
});

describe("unpriced usage", () => {
  it("an unknown model without a cost is UNPRICED (null, not zero), counts in token budgets, and is surfaced", async () => {
    const t = await api.tenant();
    await budget(t.slug, { name: "dollars", period: "DAY", limitCostUsd: "1" });
    await budget(t.slug, { name: "tokens", period: "DAY", limitTokens: "1000" });
    const r = await record(t.key, { tenant: t.slug, model: "in-house-llm-v0", inputTokens: 900, outputTokens: 120 });
    expect(r.entry).toMatchObject({ costUsd: null, costSource: "UNPRICED", priceVersion: null });
    expect(r.hasUnpricedUsage).toBe(true);
    // The token cap counts the unpriced tokens (1020 > 1000): not allowed. The dollar window says its total is partial.
    expect(r.allowed).toBe(false);
    const byName = Object.fromEntries(r.budgets.map((b: any) => [b.budget.name, b]));
    expect(byName.dollars).toMatchObject({ usedCostUsd: "0", unpricedEntries: "1", unpricedTokens: "1020", hasUnpricedUsage: true });
    expect(byName.tokens).toMatchObject({ usedTokens: "1020", unpricedEntries: "1", exceeded: true, hasUnpricedUsage: true });

    const status = await statusByName(t.slug);
    expect(status.dollars).toMatchObject({ unpricedEntries: "1", unpricedTokens: "1020", hasUnpricedUsage: true });
    const check = await api.gql(CHECK, { t: t.slug }, t.key);
    expect(check.data.checkBudget.budgets.every((b: any) => b.hasUnpricedUsage)).toBe(true);
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({ rows: 1, cost: "0", counterMismatches: [] });
  });

  it("after an override and a re-price, the counters move by exactly the new cost (and equal the ledger)", async () => {
    const t = await api.tenant();
    await budget(t.slug, { name: "day", period: "DAY", limitCostUsd: "10" });
    await budget(t.slug, { name: "total", period: "TOTAL", limitCostUsd: "10" });
    await budget(t.slug, { name: "tokens", period: "MONTH", limitTokens: "100000000" });
    const model = "In-House-LLM-v2";
    const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString();
    await record(t.key, { tenant: t.slug, model, inputTokens: 900, outputTokens: 120 });
    await record(t.key, { tenant: t.slug, model: model.toLowerCase(), inputTokens: 10_000, cacheReadTokens: 8_000, outputTokens: 333 });
    await record(t.key, { tenant: t.slug, model, inputTokens: 50, outputTokens: 7, occurredAt: yesterday });
    await record(t.key, { tenant: t.slug, model: "gpt-4o", inputTokens: 1, outputTokens: 1, costUsd: "0.25" });
    await record(t.key, { tenant: t.slug, model: "other-unknown", inputTokens: 5, outputTokens: 5 });
    const before = await statusByName(t.slug);
    expect(before.total).toMatchObject({ usedCostUsd: "0.25", unpricedEntries: "4", unpricedTokens: "11420" });

    // No price yet: nothing moves.
    const early = await api.gql(REPRICE, { t: t.slug });
    expect(early.data.repriceUnpriced).toMatchObject({ repricedEntries: "0", repricedCostUsd: "0", stillUnpricedEntries: "4" });

    const o = await api.gql(SET_OVERRIDE, {
      i: { tenant: t.slug, model, inputUsdPerMtok: "2.5", outputUsdPerMtok: "10", cacheReadUsdPerMtok: "0.25" },
    });
    expect(o.errors).toBeUndefined();
    expect(o.data.setPriceOverride).toMatchObject({ tenant: t.slug, model: "in-house-llm-v2", version: 1 });

    const r = await api.gql(REPRICE, { t: t.slug, m: model });
    expect(r.errors).toBeUndefined();
    // 900*2.5 + 120*10 = 3450; 2000*2.5 + 8000*0.25 + 333*10 = 10330; 50*2.5 + 7*10 = 195 (per million)
    const costs = { today: new Decimal("0.00345").plus("0.01033"), yesterday: new Decimal("0.000195") };
    expect(r.data.repriceUnpriced).toMatchObject({
      repricedEntries: "3",
      repricedCostUsd: costs.today.plus(costs.yesterday).toFixed(),
      stillUnpricedEntries: "0", // of this model
    });
    expect(r.data.repriceUnpriced.countersAdjusted).toBeGreaterThanOrEqual(3);

    const after = await statusByName(t.slug);
    const moved = (name: string) => new Decimal(after[name].usedCostUsd).minus(before[name].usedCostUsd).toFixed();
    expect(moved("total")).toBe(costs.today.plus(costs.yesterday).toFixed());
    expect(moved("day")).toBe(costs.today.toFixed());
    expect(after.total).toMatchObject({ unpricedEntries: "1", unpricedTokens: "10", hasUnpricedUsage: true });
    expect(after.day).toMatchObject({ unpricedEntries: "1", usedTokens: before.day.usedTokens });
    expect(after.tokens.usedTokens).toBe(before.tokens.usedTokens);
    const audit = await ledgerAudit(api.db, t.id);
    expect(audit.counterMismatches).toEqual([]);
    expect(audit.cost).toBe(new Decimal("0.25").plus(costs.today).plus(costs.yesterday).toFixed(18));

    // Yesterday's DAY window had a counter too (its usage created it): moved by exactly its entry's cost.
    const [yesterdayCounter] = await api.db.prisma.$queryRawUnsafe<{ used: string; unpriced: string }[]>(
      `SELECT c.used_cost_usd::text AS used, c.unpriced_entries::text AS unpriced FROM budget_counters c
       JOIN budgets b ON b.tenant_id = c.tenant_id AND b.id = c.budget_id
       WHERE c.tenant_id = $1::uuid AND b.name = 'day' AND c.window_start <= $2::timestamptz AND c.window_end > $2::timestamptz`,
      t.id,
      yesterday,
    );
    expect(yesterdayCounter).toEqual({ used: "0.000195000000000000", unpriced: "0" });

    // The re-priced rows say what priced them; a second re-price finds nothing more to do.
    const rows = await api.db.prisma.ledgerEntry.findMany({ where: { tenantId: t.id, costSource: "CATALOG" } });
    expect(new Set(rows.map((e) => e.priceVersion))).toEqual(new Set([o.data.setPriceOverride.priceVersion]));
    const again = await api.gql(REPRICE, { t: t.slug });
    expect(again.data.repriceUnpriced).toMatchObject({ repricedEntries: "0", stillUnpricedEntries: "1" });

    // New usage of the model is priced with the override from now on.
    const next = await record(t.key, { tenant: t.slug, model, inputTokens: 1000, outputTokens: 100 });
    expect(next.entry).toMatchObject({ costUsd: "0.0035", costSource: "CATALOG", priceVersion: o.data.setPriceOverride.priceVersion });

    const log = await api.gql(AUDIT, { t: t.slug });
    const actions = log.data.tenant.auditLog.nodes.map((n: any) => n.action);
    expect(actions).toContain("price_override.create");
    const reprice = log.data.tenant.auditLog.nodes.find((n: any) => n.action === "ledger.reprice" && n.after.repricedEntries === "3");
    expect(reprice.after.entries).toHaveLength(3);
  });
  it("re-pricing while the same tenant records usage concurrently keeps every counter equal to the ledger", async () => {
    const t = await api.tenant();
    await budget(t.slug, { name: "day", period: "DAY", limitCostUsd: "100" });
    await budget(t.slug, { name: "total", period: "TOTAL", limitTokens: "100000000" });
    const model = "concurrent-unknown-model";
    await record(t.key, { tenant: t.slug, model, inputTokens: 100, outputTokens: 10 });
    const o = await api.gql(SET_OVERRIDE, { i: { tenant: t.slug, model, inputUsdPerMtok: "1", outputUsdPerMtok: "2" } });
    expect(o.errors).toBeUndefined();
    // Half of these are priced before they start (override already set); all race the re-pricing.
    const usages = Array.from({ length: 30 }, (_, i) =>
      api.gql(RECORD, { i: { tenant: t.slug, model: i % 2 ? model : "other-unknown-model", inputTokens: 100 + i, outputTokens: 10 } }, t.key),
    );
    const reprices = [api.gql(REPRICE, { t: t.slug }), api.gql(REPRICE, { t: t.slug, m: model })];
    const results = await Promise.all([...usages, ...reprices]);
    expect(results.every((r) => !r.errors)).toBe(true);
    await api.gql(REPRICE, { t: t.slug });
    const audit = await ledgerAudit(api.db, t.id);
    expect(audit).toMatchObject({ rows: 31, counterMismatches: [] });
    const status = await statusByName(t.slug);
    // Left unpriced: exactly the 15 usages of the model without a price.
    expect(status.day).toMatchObject({ unpricedEntries: "15", usedCostUsd: audit.cost.replace(/\.?0+$/, "") });
  });
});

describe("price overrides", () => {
  it("a tenant's own override wins over the one for every tenant, which wins over the catalog", async () => {
    const a = await api.tenant();
    const b = await api.tenant();
    const model = `gpt-4o-mini`;
    const everyone = await api.gql(SET_OVERRIDE, { i: { model: model.toUpperCase(), inputUsdPerMtok: "1", outputUsdPerMtok: "1" } });
    expect(everyone.errors).toBeUndefined();
    expect(everyone.data.setPriceOverride.tenant).toBeNull();
    try {
      const own = await api.gql(SET_OVERRIDE, { i: { tenant: a.slug, model, inputUsdPerMtok: "0.1", outputUsdPerMtok: "0.2" } });
      const usage = { model, inputTokens: 1_000_000, outputTokens: 1_000_000 };
      const ra = await record(a.key, { tenant: a.slug, ...usage });
      const rb = await record(b.key, { tenant: b.slug, ...usage });
      expect(ra.entry).toMatchObject({ costUsd: "0.3", priceVersion: own.data.setPriceOverride.priceVersion });
      expect(rb.entry).toMatchObject({ costUsd: "2", priceVersion: everyone.data.setPriceOverride.priceVersion });

      // Replacing bumps the version (and the price version recorded on new entries).
      const bumped = await api.gql(SET_OVERRIDE, { i: { tenant: a.slug, model, inputUsdPerMtok: "0.2", outputUsdPerMtok: "0.2" } });
      expect(bumped.data.setPriceOverride).toMatchObject({ version: 2, id: own.data.setPriceOverride.id });
      const log = await api.gql(AUDIT, { t: a.slug });
      const update = log.data.tenant.auditLog.nodes.find((n: any) => n.action === "price_override.update");
      expect(update.before.inputUsdPerMtok).toBe("0.1");
      expect(update.after.inputUsdPerMtok).toBe("0.2");
    } finally {
      const del = await api.gql(`mutation($m: String!) { deletePriceOverride(model: $m) { id } }`, { m: model });
      expect(del.data.deletePriceOverride.id).toBe(everyone.data.setPriceOverride.id);
    }
    // Back to the catalog.
    const rb = await record(b.key, { tenant: b.slug, model, inputTokens: 1_000_000, outputTokens: 0 });
    expect(rb.entry).toMatchObject({ costUsd: "0.15", priceVersion: "genai-prices@0.1.8:openai/gpt-4o-mini" });
  });

  it("concurrent first settings of one override all succeed, in order, each audit-logged", async () => {
    const t = await api.tenant();
    const results = await Promise.all(
      ["1", "2", "3", "4", "5"].map((p) =>
        api.gql(SET_OVERRIDE, { i: { tenant: t.slug, model: "race-model", inputUsdPerMtok: p, outputUsdPerMtok: p } }),
      ),
    );
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(results.map((r) => r.data.setPriceOverride.version).sort()).toEqual([1, 2, 3, 4, 5]);
    const log = await api.gql(AUDIT, { t: t.slug });
    const actions = log.data.tenant.auditLog.nodes.map((n: any) => n.action).filter((a: string) => a.startsWith("price_override"));
    expect(actions.sort()).toEqual(["price_override.create", ...Array(4).fill("price_override.update")]);
  });

  it("overrides are admin-only and validated; a refused change writes nothing", async () => {
    const t = await api.tenant();
    const forbidden = await api.gql(SET_OVERRIDE, { i: { tenant: t.slug, model: "x", inputUsdPerMtok: "1", outputUsdPerMtok: "1" } }, t.key);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const reprice = await api.gql(REPRICE, { t: t.slug }, t.key);
    expect(reprice.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    for (const bad of ["-1", "1e3", "abc", "0.0000000000000000001"]) {
      const r = await api.gql(SET_OVERRIDE, { i: { tenant: t.slug, model: "x", inputUsdPerMtok: bad, outputUsdPerMtok: "1" } });
      expect(r.errors?.[0]?.extensions?.code, bad).toBe("BAD_USER_INPUT");
    }
    // Above $1,000,000 per million tokens: the cost of one large usage would no longer fit the ledger (found by
    // attacking the COPY change: such an override made those usages fail with a numeric overflow).
    for (const field of ["inputUsdPerMtok", "outputUsdPerMtok", "cacheReadUsdPerMtok", "cacheWriteUsdPerMtok"]) {
      const r = await api.gql(SET_OVERRIDE, {
        i: { tenant: t.slug, model: "x", inputUsdPerMtok: "1", outputUsdPerMtok: "1", [field]: "1000000.000000000000000001" },
      });
      expect(r.errors?.[0]?.extensions, field).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    const list = await api.gql(`query($t: String) { priceOverrides(tenant: $t) { id } }`, { t: t.slug });
    expect(list.data.priceOverrides).toEqual([]);
  });

  it("at the highest override price, the largest usage is priced and recorded exactly", async () => {
    const t = await api.tenant();
    await budget(t.slug, { name: "daily", period: "DAY", limitCostUsd: "1" });
    const max = "1000000";
    const o = await api.gql(SET_OVERRIDE, {
      i: { tenant: t.slug, model: "priciest", inputUsdPerMtok: max, outputUsdPerMtok: max, cacheReadUsdPerMtok: max, cacheWriteUsdPerMtok: max },
    });
    expect(o.errors).toBeUndefined();
    const tokens = 2_147_483_647;
    const r = await record(t.key, { tenant: t.slug, model: "priciest", inputTokens: tokens, outputTokens: tokens });
    expect(r.entry).toMatchObject({ costUsd: String(2 * tokens), costSource: "CATALOG" });
    expect(r.allowed).toBe(false);
    expect(await ledgerAudit(api.db, t.id)).toMatchObject({ rows: 1, counterMismatches: [] });
  });
});
