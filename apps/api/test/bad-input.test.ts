// Bad input gets a clear error with a stable code, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORD, SET_BUDGET, startTestApi, type TestApi } from "./testkit.ts";

let api: TestApi;
let tenant: { slug: string; id: string; key: string };
let other: { slug: string; id: string; key: string };

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.tenant();
  other = await api.tenant();
  await api.gql(SET_BUDGET, { i: { tenant: tenant.slug, name: "d", period: "DAY", limitCostUsd: "1" } });
});
afterAll(async () => {
  await api?.close();
});

async function writes() {
  const [row] = await api.db.prisma.$queryRawUnsafe<{ ledger: string; counters: string }[]>(
    `SELECT (SELECT COUNT(*) FROM ledger_entries)::text AS ledger,
            (SELECT COALESCE(SUM(entries), 0) FROM budget_counters)::text AS counters`,
  );
  return row;
}

const good = () => ({ tenant: tenant.slug, model: "gpt-4o", inputTokens: 10, outputTokens: 5, costUsd: "0.01" });

const cases: [string, Record<string, unknown>, string, string?][] = [
  ["negative input tokens", { inputTokens: -1 }, "BAD_USER_INPUT", "inputTokens"],
  ["negative output tokens", { outputTokens: -5 }, "BAD_USER_INPUT", "outputTokens"],
  ["fractional tokens", { inputTokens: 1.5 }, "BAD_USER_INPUT"],
  ["tokens as a string", { outputTokens: "12" }, "BAD_USER_INPUT"],
  ["absurd token count (over 2^31)", { inputTokens: 2 ** 40 }, "BAD_USER_INPUT"],
  ["NaN cost", { costUsd: "NaN" }, "BAD_USER_INPUT", "costUsd"],
  ["Infinity cost", { costUsd: "Infinity" }, "BAD_USER_INPUT", "costUsd"],
  ["cost as a JSON number", { costUsd: 0.1 }, "BAD_USER_INPUT"],
  ["negative cost", { costUsd: "-0.5" }, "BAD_USER_INPUT", "costUsd"],
  ["malformed decimal", { costUsd: "0.1.2" }, "BAD_USER_INPUT", "costUsd"],
  ["exponent notation", { costUsd: "1e-3" }, "BAD_USER_INPUT", "costUsd"],
  ["empty decimal", { costUsd: "" }, "BAD_USER_INPUT", "costUsd"],
  ["absurd cost", { costUsd: "123456789012345678901234" }, "BAD_USER_INPUT", "costUsd"],
  ["too many fractional digits", { costUsd: "0.0000000000000000001" }, "BAD_USER_INPUT", "costUsd"],
  ["cache tokens above the input total", { inputTokens: 10, cacheReadTokens: 8, cacheWriteTokens: 3 }, "BAD_USER_INPUT", "cacheReadTokens"],
  ["reasoning above the output total", { outputTokens: 5, reasoningTokens: 6 }, "BAD_USER_INPUT", "reasoningTokens"],
  ["empty model", { model: "  " }, "BAD_USER_INPUT", "model"],
  ["huge model name", { model: "m".repeat(5000) }, "BAD_USER_INPUT", "model"],
  ["control characters in the model", { model: "gpt\u0000" }, "BAD_USER_INPUT", "model"],
  ["huge idempotency key", { idempotencyKey: "k".repeat(1000) }, "BAD_USER_INPUT", "idempotencyKey"],
  ["metadata that is not an object", { metadata: [1, 2] }, "BAD_USER_INPUT", "metadata"],
  ["metadata over 8 KiB", { metadata: { blob: "x".repeat(9000) } }, "BAD_USER_INPUT", "metadata"],
  ["occurredAt in the future", { occurredAt: new Date(Date.now() + 86_400_000).toISOString() }, "BAD_USER_INPUT", "occurredAt"],
  ["occurredAt absurdly old", { occurredAt: "1970-01-01T00:00:00Z" }, "BAD_USER_INPUT", "occurredAt"],
  ["occurredAt without a timezone", { occurredAt: "2026-01-01T10:00:00" }, "BAD_USER_INPUT"],
  // A lone UTF-16 surrogate has no UTF-8 form: on its way to the database it became U+FFFD (the ledger would hold
  // text the caller never sent) or, inside metadata, failed the whole group-commit batch.
  ["lone surrogate in the model", { model: "gpt-\ud800" }, "BAD_USER_INPUT", "model"],
  ["lone surrogate in the provider", { provider: "\udc00openai" }, "BAD_USER_INPUT", "provider"],
  ["lone surrogate in the idempotency key", { idempotencyKey: "k-\udfff" }, "BAD_USER_INPUT", "idempotencyKey"],
  ["lone surrogate in a metadata value", { metadata: { team: "a\ud83d" } }, "BAD_USER_INPUT", "metadata"],
  ["lone surrogate in a metadata key", { metadata: { ["t\udc00"]: 1 } }, "BAD_USER_INPUT", "metadata"],
  // Found by attacking the COPY change: a cost NUMERIC(38,18) could hold, but the window's counter then could not,
  // so every later priced usage of the tenant in that window failed with a numeric overflow.
  ["a cost above $10,000,000,000 for one usage", { costUsd: "99999999999999999999.99" }, "BAD_USER_INPUT", "costUsd"],
  // Found the same way: the validator's recursion ran out of stack (an internal error instead of a refusal).
  ["metadata with 150,000 elements", { metadata: { a: new Array(150_000).fill(0) } }, "BAD_USER_INPUT", "metadata"],
  ["unknown tenant", { tenant: "no-such-tenant" }, "NOT_FOUND"],
  // Found by the property tests: a NUL byte reached the database as a tenant slug and came back as a 500.
  ["NUL byte in the tenant slug", { tenant: "a\u0000b" }, "NOT_FOUND"],
];

describe("recordUsage refuses bad input and writes nothing", () => {
  it.each(cases)("%s", async (_name, patch, code, field) => {
    const before = await writes();
    const r = await api.gql(RECORD, { i: { ...good(), ...patch } });
    expect(r.errors?.[0]?.extensions?.code).toBe(code);
    if (field) expect(r.errors?.[0]?.extensions?.field).toBe(field);
    expect(r.errors?.[0]?.message).not.toMatch(/prisma|sql|stack|internal/i);
    expect(await writes()).toEqual(before);
  });

  /** recordUsage with metadata written as JSON text, for values JSON.stringify cannot produce or nest that deep. */
  async function recordRawMetadata(metadataJson: string) {
    const body = JSON.stringify({ query: RECORD, variables: { i: { ...good(), metadata: "METADATA" } } });
    const res = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tenant.key}` },
      body: body.replace('"METADATA"', metadataJson),
    });
    return (await res.json()) as { errors?: { extensions?: { code?: string; field?: string } }[] };
  }

  // JSON.parse reads 1e400 as Infinity, which JSON.stringify writes as null: the ledger held null, and a later payload
  // with null under the same key was a duplicate rather than a conflict.
  it("a metadata number beyond a double's range is refused, not stored as null", async () => {
    const before = await writes();
    const r = await recordRawMetadata(`{"a":1e400}`);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "metadata" });
    expect(await writes()).toEqual(before);
  });

  it("metadata nested 8,000 levels deep is refused (the validator's recursion once ran out of stack)", async () => {
    const before = await writes();
    const r = await recordRawMetadata(`{"a":${"[".repeat(8000)}0${"]".repeat(8000)}}`);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "metadata" });
    expect(await writes()).toEqual(before);
  });

  it("the largest cost of one usage is recorded, and the window still takes usage after it", async () => {
    const t = await api.tenant();
    await api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "d", period: "DAY", limitCostUsd: "1" } });
    for (const costUsd of ["10000000000", "10000000000", "0.000000000000000001"]) {
      const r = await api.gql(RECORD, { i: { ...good(), tenant: t.slug, costUsd } }, t.key);
      expect(r.errors).toBeUndefined();
      expect(r.data.recordUsage).toMatchObject({ recorded: true, allowed: false });
    }
    const [used] = await api.db.prisma.$queryRawUnsafe<{ used: string }[]>(
      `SELECT used_cost_usd::text AS used FROM budget_counters WHERE tenant_id = $1::uuid`,
      t.id,
    );
    expect(used!.used).toBe("20000000000.000000000000000001");
  });

  // The NUL check once read the JSON text, where an escaped backslash before "u0000" looks like a NUL.
  it("well-formed text beyond ASCII (a surrogate pair, backslashes, a tab in metadata) is stored as sent", async () => {
    const sent = {
      ...good(),
      model: "gpt-4o-\u{1F680}",
      provider: "open\\ai",
      idempotencyKey: "k-\u{1F600}-ü",
      metadata: { "\u{1F4B8}": "line\tone\nline two \\ \u{1F680}", nested: { "é": ["\\N", null] }, escaped: "\\u0000 is six characters" },
    };
    const r = await api.gql(RECORD, { i: sent }, tenant.key);
    expect(r.data.recordUsage.recorded).toBe(true);
    const [row] = await api.db.prisma.$queryRawUnsafe<{ model: string; provider: string; key: string; metadata: unknown }[]>(
      `SELECT model, provider, idempotency_key AS key, metadata FROM ledger_entries WHERE id = $1::uuid`,
      r.data.recordUsage.entry.id,
    );
    expect(row).toEqual({ model: sent.model, provider: sent.provider, key: sent.idempotencyKey, metadata: sent.metadata });
  });

  it("a good report is still recorded (the cases above fail for their own reason)", async () => {
    const r = await api.gql(RECORD, { i: good() }, tenant.key);
    expect(r.data.recordUsage.recorded).toBe(true);
  });
});

describe("authentication and tenancy", () => {
  it("no token: 401 UNAUTHENTICATED, nothing written", async () => {
    const before = await writes();
    const r = await api.gql(RECORD, { i: good() }, null);
    expect(r.status).toBe(401);
    expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await writes()).toEqual(before);
  });

  it("a wrong or revoked token: 401 UNAUTHENTICATED", async () => {
    expect((await api.gql(RECORD, { i: good() }, "sl_not-a-real-key")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await api.gql(RECORD, { i: good() }, "garbage")).status).toBe(401);
    const created = await api.gql(`mutation($t: String!) { createApiKey(tenant: $t, name: "short-lived") { key apiKey { id } } }`, {
      t: tenant.slug,
    });
    const { key, apiKey } = created.data.createApiKey;
    expect((await api.gql(RECORD, { i: good() }, key)).data.recordUsage.recorded).toBe(true);
    await api.gql(`mutation($t: String!, $id: ID!) { revokeApiKey(tenant: $t, id: $id) { revokedAt } }`, { t: tenant.slug, id: apiKey.id });
    expect((await api.gql(RECORD, { i: good() }, key)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("another tenant's key: FORBIDDEN, nothing written; its own tenant works", async () => {
    const before = await writes();
    const r = await api.gql(RECORD, { i: good() }, other.key);
    expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await writes()).toEqual(before);
    const read = await api.gql(`query($s: String!) { tenant(slug: $s) { slug } }`, { s: tenant.slug }, other.key);
    expect(read.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const own = await api.gql(RECORD, { i: { ...good(), tenant: other.slug } }, other.key);
    expect(own.data.recordUsage.recorded).toBe(true);
  });

  it("service keys cannot change budgets, create keys or tenants", async () => {
    const budget = await api.gql(SET_BUDGET, { i: { tenant: tenant.slug, name: "x", period: "DAY", limitCostUsd: "100" } }, tenant.key);
    expect(budget.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const key = await api.gql(`mutation($t: String!) { createApiKey(tenant: $t, name: "x") { key } }`, { t: tenant.slug }, tenant.key);
    expect(key.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const t = await api.gql(`mutation { createTenant(input: { slug: "evil", name: "x" }) { id } }`, {}, tenant.key);
    expect(t.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("setBudget and createTenant validate too", () => {
  const budgetCases: [string, Record<string, unknown>, string][] = [
    ["no limit at all", { limitCostUsd: null }, "limitCostUsd"],
    ["negative limit", { limitCostUsd: "-1" }, "limitCostUsd"],
    ["malformed limit", { limitCostUsd: "ten" }, "limitCostUsd"],
    ["negative token limit", { limitCostUsd: null, limitTokens: "-5" }, "limitTokens"],
    ["empty name", { name: "" }, "name"],
    ["startsAt on a DAY budget", { startsAt: "2026-01-01T00:00:00Z" }, "startsAt"],
  ];
  it.each(budgetCases)("setBudget: %s", async (_n, patch, field) => {
    const before = await api.db.prisma.budget.count();
    const r = await api.gql(SET_BUDGET, { i: { tenant: tenant.slug, name: "b", period: "DAY", limitCostUsd: "1", ...patch } });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(await api.db.prisma.budget.count()).toBe(before);
  });

  it("setBudget with an id of another tenant's budget is NOT_FOUND", async () => {
    const mine = await api.gql(SET_BUDGET, { i: { tenant: other.slug, name: "o", period: "DAY", limitCostUsd: "1" } });
    const r = await api.gql(SET_BUDGET, {
      i: { id: mine.data.setBudget.id, tenant: tenant.slug, name: "hijack", period: "DAY", limitCostUsd: "1000" },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("createTenant: bad slug, bad timezone, duplicate slug", async () => {
    const create = (input: Record<string, unknown>) =>
      api.gql(`mutation($i: CreateTenantInput!) { createTenant(input: $i) { slug timezone } }`, { i: input });
    expect((await create({ slug: "Bad Slug", name: "x" })).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "slug" });
    expect((await create({ slug: "tz-bad", name: "x", timezone: "Mars/Base" })).errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "timezone",
    });
    expect((await create({ slug: tenant.slug, name: "x" })).errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect((await create({ slug: "tz-canon", name: "x", timezone: "asia/tokyo" })).data.createTenant.timezone).toBe("Asia/Tokyo");
  });
});
