// Every query and mutation, asked by tenant A's service key about tenant B: FORBIDDEN or NOT_FOUND, and nothing of
// B is read or written. And the opposite spec: A is never over-blocked on its own data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECK, RECORD, SET_BUDGET, ledgerAudit, startTestApi, type TestApi } from "./testkit.ts";

let api: TestApi;
let a: Awaited<ReturnType<TestApi["tenant"]>>;
let b: Awaited<ReturnType<TestApi["tenant"]>>;
let bBudgetId: string;
let bKeyId: string;

const usage = (tenant: string, extra: Record<string, unknown> = {}) => ({
  tenant,
  model: "gpt-4o",
  inputTokens: 100,
  outputTokens: 10,
  costUsd: "0.25",
  ...extra,
});

const TENANT_READ = `query($s: String!) { tenant(slug: $s) { id slug budgets { id status { usedCostUsd } }
  ledger(first: 10) { nodes { id costUsd } } usageSummary { entries costUsd } } }`;

const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  api = await startTestApi();
  a = await api.tenant({ prefix: "iso-a" });
  b = await api.tenant({ prefix: "iso-b" });
  const budget = await api.gql(SET_BUDGET, { i: { tenant: b.slug, name: "b-day", period: "DAY", limitCostUsd: "1" } });
  bBudgetId = budget.data.setBudget.id;
  await api.gql(SET_BUDGET, { i: { tenant: a.slug, name: "a-day", period: "DAY", limitCostUsd: "1" } });
  const keys = await api.gql(`query($s: String!) { tenant(slug: $s) { apiKeys { id } } }`, { s: b.slug });
  bKeyId = keys.data.tenant.apiKeys[0].id;
  for (const t of [a, b]) {
    const r = await api.gql(RECORD, { i: usage(t.slug, { idempotencyKey: "shared-key" }) }, t.key);
    expect(r.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await api?.close();
});

describe("tenant A's key asking for tenant B", () => {
  it("tenant(slug: B) is FORBIDDEN, and answers the same as for a tenant that does not exist", async () => {
    const r = await api.gql(TENANT_READ, { s: b.slug }, a.key);
    expect(codeOf(r)).toBe("FORBIDDEN");
    expect(r.data?.tenant ?? null).toBeNull();
    const ghost = await api.gql(TENANT_READ, { s: "no-such-tenant" }, a.key);
    expect(codeOf(ghost)).toBe("FORBIDDEN");
    expect(ghost.errors?.[0]?.message).toBe(r.errors?.[0]?.message);
  });

  it("checkBudget(tenant: B) is FORBIDDEN", async () => {
    const r = await api.gql(CHECK, { t: b.slug, c: "0.01" }, a.key);
    expect(codeOf(r)).toBe("FORBIDDEN");
  });

  it("recordUsage(tenant: B) is FORBIDDEN and writes nothing in B", async () => {
    const before = await ledgerAudit(api.db, b.id);
    const r = await api.gql(RECORD, { i: usage(b.slug) }, a.key);
    expect(codeOf(r)).toBe("FORBIDDEN");
    expect(await ledgerAudit(api.db, b.id)).toEqual(before);
  });

  it("admin-only mutations and queries are FORBIDDEN to a service key, and change nothing", async () => {
    const cases: [string, Record<string, unknown>][] = [
      [SET_BUDGET, { i: { tenant: b.slug, id: bBudgetId, name: "x", period: "DAY", limitCostUsd: "1000" } }],
      [SET_BUDGET, { i: { tenant: a.slug, name: "mine", period: "DAY", limitCostUsd: "1000" } }],
      [`mutation($t: String!) { createApiKey(tenant: $t, name: "x") { key } }`, { t: b.slug }],
      [`mutation($t: String!, $id: ID!) { revokeApiKey(tenant: $t, id: $id) { id } }`, { t: b.slug, id: bKeyId }],
      [`mutation { createTenant(input: { slug: "iso-evil", name: "x" }) { id } }`, {}],
      [`{ tenants { slug } }`, {}],
      [`query($s: String!) { tenant(slug: $s) { apiKeys { id } } }`, { s: a.slug }],
      [`query($s: String!) { tenant(slug: $s) { auditLog { nodes { id } } } }`, { s: a.slug }],
    ];
    for (const [query, variables] of cases) {
      const r = await api.gql(query, variables, a.key);
      expect(codeOf(r), query).toBe("FORBIDDEN");
    }
    const budgets = await api.gql(`query($s: String!) { tenant(slug: $s) { budgets { id limitCostUsd } } }`, { s: b.slug });
    expect(budgets.data.tenant.budgets).toEqual([{ id: bBudgetId, limitCostUsd: "1" }]);
    const still = await api.gql(CHECK, { t: b.slug }, b.key);
    expect(still.errors).toBeUndefined();
  });
});

describe("an admin naming tenant A with tenant B's ids", () => {
  it("setBudget(tenant: A, id: B's budget) is NOT_FOUND and leaves B's budget alone", async () => {
    const r = await api.gql(SET_BUDGET, { i: { tenant: a.slug, id: bBudgetId, name: "x", period: "DAY", limitCostUsd: "9" } });
    expect(codeOf(r)).toBe("NOT_FOUND");
    const budgets = await api.gql(`query($s: String!) { tenant(slug: $s) { budgets { id limitCostUsd version } } }`, { s: b.slug });
    expect(budgets.data.tenant.budgets).toEqual([{ id: bBudgetId, limitCostUsd: "1", version: 1 }]);
  });

  it("revokeApiKey(tenant: A, id: B's key) is NOT_FOUND and B's key still works", async () => {
    const r = await api.gql(`mutation($t: String!, $id: ID!) { revokeApiKey(tenant: $t, id: $id) { id } }`, { t: a.slug, id: bKeyId });
    expect(codeOf(r)).toBe("NOT_FOUND");
    const still = await api.gql(CHECK, { t: b.slug }, b.key);
    expect(still.errors).toBeUndefined();
  });
});

describe("A is not over-blocked on its own data", () => {
  it("reads its tenant, budgets, ledger and summary, and sees only its own rows", async () => {
    const r = await api.gql(TENANT_READ, { s: a.slug }, a.key);
    expect(r.errors).toBeUndefined();
    expect(r.data.tenant).toMatchObject({ id: a.id, slug: a.slug });
    expect(r.data.tenant.budgets).toHaveLength(1);
    expect(r.data.tenant.budgets[0].status.usedCostUsd).toBe("0.25");
    expect(r.data.tenant.ledger.nodes).toHaveLength(1);
    expect(r.data.tenant.usageSummary).toEqual({ entries: "1", costUsd: "0.25" });
  });

  it("checks and records for itself; an idempotency key used by B is A's own key too", async () => {
    const check = await api.gql(CHECK, { t: a.slug, c: "0.5" }, a.key);
    expect(check.errors).toBeUndefined();
    expect(check.data.checkBudget.allowed).toBe(true);
    const replay = await api.gql(RECORD, { i: usage(a.slug, { idempotencyKey: "shared-key" }) }, a.key);
    expect(replay.data.recordUsage).toMatchObject({ recorded: true, duplicate: true });
    const fresh = await api.gql(RECORD, { i: usage(a.slug, { idempotencyKey: "a-only" }) }, a.key);
    expect(fresh.data.recordUsage).toMatchObject({ recorded: true, duplicate: false });
    expect((await ledgerAudit(api.db, a.id)).rows).toBe(2);
    expect((await ledgerAudit(api.db, b.id)).rows).toBe(1);
  });

  it("a revoked key is UNAUTHENTICATED", async () => {
    const extra = await api.gql(`mutation($t: String!) { createApiKey(tenant: $t, name: "tmp") { key apiKey { id } } }`, { t: a.slug });
    const { key, apiKey } = extra.data.createApiKey;
    await api.gql(`mutation($t: String!, $id: ID!) { revokeApiKey(tenant: $t, id: $id) { id } }`, { t: a.slug, id: apiKey.id });
    const r = await api.gql(CHECK, { t: a.slug }, key);
    expect(r.status).toBe(401);
    expect(codeOf(r)).toBe("UNAUTHENTICATED");
  });
});

// The operations added with pricing, the console and batching, asked with A's service key.
describe("tenant A's key against the later operations", () => {
  const refused: [string, string, () => Record<string, unknown>][] = [
    ["recordUsageBatch with one of B's usages", `mutation($u: [RecordUsageInput!]!) { recordUsageBatch(inputs: $u) { recorded } }`,
      () => ({ u: [usage(a.slug, { idempotencyKey: "batch-a" }), usage(b.slug, { idempotencyKey: "batch-b" })] })],
    ["priceOverrides of B", `query($t: String) { priceOverrides(tenant: $t) { model } }`, () => ({ t: b.slug })],
    ["setPriceOverride for B", `mutation($i: SetPriceOverrideInput!) { setPriceOverride(input: $i) { model } }`,
      () => ({ i: { tenant: b.slug, model: "gpt-4o", inputUsdPerMtok: "0", outputUsdPerMtok: "0" } })],
    ["deletePriceOverride for B", `mutation($t: String) { deletePriceOverride(model: "gpt-4o", tenant: $t) { model } }`, () => ({ t: b.slug })],
    ["repriceUnpriced for B", `mutation($t: String!) { repriceUnpriced(tenant: $t) { __typename } }`, () => ({ t: b.slug })],
    ["auditLog of B", `query($t: String) { auditLog(tenant: $t) { nodes { id } } }`, () => ({ t: b.slug })],
    ["users", `query { users { id } }`, () => ({})],
    ["createUser", `mutation { createUser(input: { email: "x@example.com", name: "x", role: ADMIN, password: "long-enough-pw-1" }) { id } }`, () => ({})],
  ];
  it.each(refused)("%s: FORBIDDEN or NOT_FOUND, nothing of B written", async (_name, query, vars) => {
    const before = await ledgerAudit(api.db, b.id);
    const overrides = await api.db.prisma.priceOverride.count();
    const r = await api.gql(query, vars(), a.key);
    expect(["FORBIDDEN", "NOT_FOUND"]).toContain(codeOf(r));
    expect(await ledgerAudit(api.db, b.id)).toEqual(before);
    expect(await api.db.prisma.priceOverride.count()).toBe(overrides);
  });

  it("B's budget id read through A's tenant is null; A's own budget and batch work", async () => {
    const q = `query($s: String!, $id: ID!) { tenant(slug: $s) { budget(id: $id) { id name } } }`;
    const foreign = await api.gql(q, { s: a.slug, id: bBudgetId }, a.key);
    expect(foreign.errors).toBeUndefined();
    expect(foreign.data.tenant.budget).toBeNull();
    const own = await api.gql(`query($s: String!) { tenant(slug: $s) { budgets { id name } } }`, { s: a.slug }, a.key);
    const ownId = own.data.tenant.budgets[0].id;
    expect((await api.gql(q, { s: a.slug, id: ownId }, a.key)).data.tenant.budget).toMatchObject({ id: ownId, name: "a-day" });
    const batch = await api.gql(`mutation($u: [RecordUsageInput!]!) { recordUsageBatch(inputs: $u) { recorded duplicate } }`,
      { u: [usage(a.slug, { idempotencyKey: "batch-own-1" }), usage(a.slug, { idempotencyKey: "batch-own-2" })] }, a.key);
    expect(batch.errors).toBeUndefined();
    expect(batch.data.recordUsageBatch).toEqual([{ recorded: true, duplicate: false }, { recorded: true, duplicate: false }]);
  });
});
