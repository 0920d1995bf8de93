// The overview's cost does not grow with the number of tenants: the loaders batch every tenant's budgets and
// every (tenant, window) ledger aggregate. Counted on a real database through a Prisma extension.
import crypto from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type Database } from "@spendline/db";
import { startApiServer, type ApiServer } from "../src/index.ts";
import { createLogger } from "../src/logger.ts";
import { RECORD, SET_BUDGET, freshTarget } from "./testkit.ts";

let db: Database;
let server: ApiServer;
let drop: () => Promise<void>;
let queries = 0;
const adminToken = `test-admin-${crypto.randomBytes(8).toString("hex")}`;

beforeAll(async () => {
  const fresh = await freshTarget();
  drop = fresh.drop;
  db = await openDatabase({ target: fresh.target });
  const counted = db.prisma.$extends({
    query: {
      async $allOperations({ args, query }) {
        queries++;
        return query(args);
      },
    },
  }) as unknown as Database["prisma"];
  server = await startApiServer({ db: { ...db, prisma: counted }, adminToken, log: createLogger("silent") });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
  await drop?.();
});

async function gql(query: string, variables: Record<string, unknown> = {}, token = adminToken) {
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function addTenants(n: number) {
  for (let i = 0; i < n; i++) {
    const slug = `b-${crypto.randomBytes(4).toString("hex")}`;
    await gql(`mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`, {
      i: { slug, name: slug, timezone: i % 2 ? "Asia/Tokyo" : "UTC" },
    });
    await gql(SET_BUDGET, { i: { tenant: slug, name: "d", period: "DAY", limitCostUsd: "0.05" } });
    await gql(SET_BUDGET, {
      i: { tenant: slug, name: "m", period: "MONTH", limitCostUsd: "5", enforcement: "SOFT" },
    });
    await gql(RECORD, { i: { tenant: slug, model: "m", inputTokens: 1, outputTokens: 1, costUsd: "0.07" } });
  }
}

const OVERVIEW = `{ tenants { slug spend {
  today { costUsd capUsd percentOfCap overCapUsd exceeded }
  month { costUsd capUsd percentOfCap }
  daily(days: 14) { costUsd }
  hardCapExceeded } } }`;

async function countOverview() {
  queries = 0;
  const data = await gql(OVERVIEW);
  return { queries, tenants: data.tenants.length as number, data };
}

it("the overview of 2 tenants and of 8 tenants costs the same number of queries", async () => {
  await addTenants(2);
  const small = await countOverview();
  await addTenants(6);
  const large = await countOverview();
  expect(small.tenants).toBe(2);
  expect(large.tenants).toBe(8);
  // Authentication is the admin token (no query); then tenants, budgets of all tenants, one ledger aggregate.
  expect(small.queries).toBeGreaterThanOrEqual(3); // the counter sees them at all
  expect(large.queries).toBe(small.queries);
  expect(large.queries).toBeLessThanOrEqual(4);
  for (const t of large.data.tenants) {
    expect(t.spend.today).toMatchObject({
      costUsd: "0.07",
      capUsd: "0.05",
      percentOfCap: "140.00",
      overCapUsd: "0.02",
      exceeded: true,
    });
    expect(t.spend.hardCapExceeded).toBe(true);
  }
});
