// Recording mutations skip Apollo's per-request pipeline (graphql/fast-path.ts). The promise is that nobody can
// tell: the same requests, sent to a server with the fast path and to one without it (same database, a tenant
// each, set up alike), get the same status, headers and body, successes and every kind of failure alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "../src/index.ts";
import { createLogger } from "../src/logger.ts";
import { startTestApi, type TestApi } from "./testkit.ts";

let api: TestApi;
let plain: ApiServer;
beforeAll(async () => {
  api = await startTestApi();
  plain = await startApiServer({
    db: api.db,
    adminToken: api.adminToken,
    log: createLogger("silent"),
    fastPath: false,
  });
});
afterAll(async () => {
  await plain?.close();
  await api?.close();
});

const ENTRY = `id idempotencyKey model provider inputTokens outputTokens cacheReadTokens cacheWriteTokens reasoningTokens
  totalTokens costUsd costSource priceVersion occurredAt recordedAt allowed apiKeyId metadata __typename`;
const RESULT = `recorded allowed duplicate hasUnpricedUsage entry { ${ENTRY} }
  budgets { budget { name period } windowStart windowEnd usedCostUsd usedTokens limitCostUsd limitTokens remainingCostUsd remainingTokens exceeded entries unpricedEntries unpricedTokens hasUnpricedUsage }`;
const RECORD = `mutation Record($i: RecordUsageInput!) { recordUsage(input: $i) { ${RESULT} } }`;
const RECORD_BATCH = `mutation($is: [RecordUsageInput!]!) { recordUsageBatch(inputs: $is) { ${RESULT} } }`;

interface Side {
  url: string;
  slug: string;
  key: string;
  other: string;
}

interface Request {
  body: unknown;
  headers?: Record<string, string>;
  /** Send with the admin token instead of the tenant's key. */
  admin?: boolean;
}

/** Each case builds its request for one side (its tenant, its key). */
const usage = (s: Side, extra: Record<string, unknown> = {}) => ({
  tenant: s.slug,
  model: "gpt-4o",
  provider: "openai",
  inputTokens: 1200,
  outputTokens: 300,
  costUsd: "0.4",
  ...extra,
});

/** Cases that must succeed (the others fail one way or another, identically on both sides). */
const SUCCEED = [
  "recorded, allowed",
  "over the cap: recorded, not allowed",
  "replay of a key",
  "unpriced model",
  "batch of three, one repeated",
  "empty batch",
  "two aliased root fields",
  "inline input, no variables",
  "matching operationName",
  "extensions object",
  "accept: graphql-response+json",
  "accept: */*",
  "content-type with charset",
];

/** Cases Apollo answers even with the fast path on: variables that do not coerce, other media types or content
 * types, documents that are not (only) a recording mutation or do not validate. Nothing ran in these. */
const DECLINED = [
  "variable of the wrong type",
  "variable missing",
  "unknown input field",
  "bad decimal scalar",
  "unknown operationName",
  "variables as a string",
  "unknown field selected",
  "syntax error",
  "mixed with another mutation",
  "accept: graphql-response+json",
  "accept: text/html only",
  "content-type text/plain (CSRF)",
];

const cases: Record<string, (s: Side) => Request> = {
  "recorded, allowed": (s) => ({
    body: {
      query: RECORD,
      variables: { i: usage(s, { idempotencyKey: "k1", metadata: { b: 1, a: [true, null] } }) },
    },
  }),
  "over the cap: recorded, not allowed": (s) => ({
    body: { query: RECORD, variables: { i: usage(s, { costUsd: "0.7" }) } },
  }),
  "replay of a key": (s) => ({
    body: {
      query: RECORD,
      variables: { i: usage(s, { idempotencyKey: "k1", metadata: { a: [true, null], b: 1 } }) },
    },
  }),
  "idempotency conflict": (s) => ({
    body: { query: RECORD, variables: { i: usage(s, { idempotencyKey: "k1", inputTokens: 9 }) } },
  }),
  "unpriced model": (s) => ({
    body: { query: RECORD, variables: { i: usage(s, { model: "in-house", costUsd: undefined }) } },
  }),
  "domain validation error": (s) => ({
    body: { query: RECORD, variables: { i: usage(s, { inputTokens: -1 }) } },
  }),
  "cache tokens exceed input": (s) => ({
    body: { query: RECORD, variables: { i: usage(s, { cacheReadTokens: 5000 }) } },
  }),
  "variable of the wrong type": (s) => ({
    body: { query: RECORD, variables: { i: usage(s, { inputTokens: "ten" }) } },
  }),
  "variable missing": () => ({ body: { query: RECORD } }),
  "unknown input field": (s) => ({ body: { query: RECORD, variables: { i: usage(s, { colour: "red" }) } } }),
  "bad decimal scalar": (s) => ({ body: { query: RECORD, variables: { i: usage(s, { costUsd: 0.1 }) } } }),
  "another tenant's slug": (s) => ({
    body: { query: RECORD, variables: { i: usage(s, { tenant: s.other }) } },
  }),
  "unknown tenant (admin)": (s) => ({
    admin: true,
    body: { query: RECORD, variables: { i: usage(s, { tenant: `${s.slug}-nope` }) } },
  }),
  "batch of three, one repeated": (s) => ({
    body: {
      query: RECORD_BATCH,
      variables: { is: [usage(s, { idempotencyKey: "b1" }), usage(s), usage(s, { idempotencyKey: "b1" })] },
    },
  }),
  "batch with an invalid usage": (s) => ({
    body: { query: RECORD_BATCH, variables: { is: [usage(s), usage(s, { outputTokens: -5 })] } },
  }),
  "batch too large": (s) => ({
    body: { query: RECORD_BATCH, variables: { is: Array.from({ length: 1001 }, () => usage(s)) } },
  }),
  "empty batch": () => ({ body: { query: RECORD_BATCH, variables: { is: [] } } }),
  "two aliased root fields": (s) => ({
    body: {
      query: `mutation($a: RecordUsageInput!, $b: RecordUsageInput!) { a: recordUsage(input: $a) { allowed duplicate } b: recordUsage(input: $b) { allowed } }`,
      variables: { a: usage(s, { costUsd: "0.01" }), b: usage(s, { costUsd: "0.02" }) },
    },
  }),
  "inline input, no variables": (s) => ({
    body: {
      query: `mutation { recordUsage(input: {tenant: "${s.slug}", model: "m", inputTokens: 1, outputTokens: 1, costUsd: "0"}) { recorded __typename } }`,
    },
  }),
  "matching operationName": (s) => ({
    body: { query: RECORD, operationName: "Record", variables: { i: usage(s, { costUsd: "0" }) } },
  }),
  "unknown operationName": (s) => ({
    body: { query: RECORD, operationName: "Other", variables: { i: usage(s) } },
  }),
  "extensions object": (s) => ({
    body: { query: RECORD, extensions: { trace: 1 }, variables: { i: usage(s, { costUsd: "0" }) } },
  }),
  "variables as a string": (s) => ({ body: { query: RECORD, variables: JSON.stringify({ i: usage(s) }) } }),
  "unknown field selected": () => ({
    body: {
      query: `mutation { recordUsage(input: {tenant: "x", model: "m", inputTokens: 1, outputTokens: 1}) { nope } }`,
    },
  }),
  "syntax error": () => ({ body: { query: "mutation { recordUsage(" } }),
  "mixed with another mutation": (s) => ({
    body: {
      query: `mutation($i: RecordUsageInput!) { recordUsage(input: $i) { allowed } revokeApiKey(tenant: "x", id: "y") { id } }`,
      variables: { i: usage(s, { costUsd: "0" }) },
    },
  }),
  "accept: graphql-response+json": (s) => ({
    headers: { accept: "application/graphql-response+json" },
    body: { query: RECORD, variables: { i: usage(s, { costUsd: "0" }) } },
  }),
  "accept: */*": (s) => ({
    headers: { accept: "*/*" },
    body: { query: RECORD, variables: { i: usage(s, { costUsd: "0" }) } },
  }),
  "accept: text/html only": (s) => ({
    headers: { accept: "text/html" },
    body: { query: RECORD, variables: { i: usage(s) } },
  }),
  "content-type text/plain (CSRF)": (s) => ({
    headers: { "content-type": "text/plain" },
    body: { query: RECORD, variables: { i: usage(s) } },
  }),
  "content-type with charset": (s) => ({
    headers: { "content-type": "application/json; charset=utf-8" },
    body: { query: RECORD, variables: { i: usage(s, { costUsd: "0" }) } },
  }),
};

async function send(side: Side, token: string, r: Request) {
  const res = await fetch(`${side.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...r.headers },
    body: JSON.stringify(r.body),
  });
  const headers = Object.fromEntries(
    ["content-type", "cache-control", "retry-after", "www-authenticate"].map((h) => [h, res.headers.get(h)]),
  );
  return { status: res.status, headers, body: await res.text() };
}

/** What legitimately differs between the two sides: ids, times and each side's own tenant names. */
function normalise(body: string, side: Side): string {
  return body
    .replaceAll(side.other, "<other>")
    .replaceAll(side.slug, "<tenant>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>");
}

async function sideOf(url: string): Promise<Side> {
  const [t, other] = [await api.tenant(), await api.tenant()];
  const cap = await api.gql(`mutation($i: SetBudgetInput!) { setBudget(input: $i) { id } }`, {
    i: { tenant: t.slug, name: "daily", period: "DAY", limitCostUsd: "1", enforcement: "HARD" },
  });
  expect(cap.errors).toBeUndefined();
  return { url, slug: t.slug, key: t.key, other: other.slug };
}

async function fastPathCount(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^spendline_graphql_fast_path_requests_total (\d+)/m.exec(text)?.[1] ?? "NaN");
}

describe("the fast path answers exactly as Apollo does", () => {
  it("for every case, in order, with state carried from case to case", async () => {
    const fast = await sideOf(api.url);
    const slow = await sideOf(plain.url);
    for (const [name, build] of Object.entries(cases)) {
      const [a, b] = [build(fast), build(slow)];
      const servedBefore = await fastPathCount(api.url);
      const ra = await send(fast, a.admin ? api.adminToken : fast.key, a);
      const rb = await send(slow, b.admin ? api.adminToken : slow.key, b);
      expect({ name, status: ra.status, headers: ra.headers }).toEqual({
        name,
        status: rb.status,
        headers: rb.headers,
      });
      expect({ name, body: normalise(ra.body, fast) }).toEqual({ name, body: normalise(rb.body, slow) });
      if (SUCCEED.includes(name))
        expect({ name, status: ra.status, errors: JSON.parse(ra.body).errors }).toEqual({
          name,
          status: 200,
          errors: undefined,
        });
      else
        expect({ name, failed: ra.status !== 200 || JSON.parse(ra.body).errors !== undefined }).toEqual({
          name,
          failed: true,
        });
      const served = (await fastPathCount(api.url)) - servedBefore;
      expect({ name, served }).toEqual({ name, served: DECLINED.includes(name) ? 0 : 1 });
    }
    expect(await fastPathCount(plain.url)).toBe(0);
  });
});
