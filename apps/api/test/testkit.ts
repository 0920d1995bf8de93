// Integration testkit: a real API on a real database. With DATABASE_URL set, each kit gets a fresh PostgreSQL
// database on that server; otherwise a fresh PGlite directory. Every test makes its own tenant, so tests never
// depend on each other's data.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, pgConnectionFields, type Database, type DatabaseTarget } from "@spendline/db";
import { startApiServer, type ApiServer } from "../src/index.ts";
import { createLogger } from "../src/logger.ts";

export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestApi {
  url: string;
  adminToken: string;
  db: Database;
  target: DatabaseTarget;
  server: ApiServer;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResponse<T>>;
  /** A new tenant (unique slug) with a service key. */
  tenant(options?: { timezone?: string; prefix?: string }): Promise<{ slug: string; id: string; key: string }>;
  /** A new console user of `role` (made with the admin token), signed in: its session token. */
  user(role: "ADMIN" | "FINANCE" | "VIEWER"): Promise<{ id: string; email: string; password: string; token: string }>;
  close(): Promise<void>;
}

export async function freshTarget(): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `spendline_t_${crypto.randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ ...pgConnectionFields(url), database: "postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    return {
      target: { kind: "postgres", url: u.toString() },
      drop: async () => {
        const c = new pg.Client({ ...pgConnectionFields(url), database: "postgres" });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spendline-test-"));
  return {
    target: { kind: "pglite", dataDir: path.join(dir, "pglite") },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export async function startTestApi(): Promise<TestApi> {
  const { target, drop } = await freshTarget();
  const db = await openDatabase({ target });
  const adminToken = `test-admin-${crypto.randomBytes(12).toString("hex")}`;
  const server = await startApiServer({ db, adminToken, log: createLogger(process.env.LOG_LEVEL ?? "silent") });
  const gql: TestApi["gql"] = async (query, variables, token = adminToken) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResponse;
    return { ...body, status: res.status };
  };
  let n = 0;
  return {
    url: server.url,
    adminToken,
    db,
    target,
    server,
    gql,
    async tenant(options = {}) {
      const slug = `${options.prefix ?? "t"}-${process.pid}-${++n}-${crypto.randomBytes(3).toString("hex")}`;
      const created = await gql(
        `mutation($i: CreateTenantInput!) { createTenant(input: $i) { id slug } }`,
        { i: { slug, name: `Tenant ${slug}`, timezone: options.timezone ?? "UTC" } },
      );
      if (created.errors) throw new Error(JSON.stringify(created.errors));
      const key = await gql(`mutation($t: String!) { createApiKey(tenant: $t, name: "test") { key } }`, { t: slug });
      if (key.errors) throw new Error(JSON.stringify(key.errors));
      return { slug, id: created.data.createTenant.id, key: key.data.createApiKey.key };
    },
    async user(role) {
      const email = `${role.toLowerCase()}-${process.pid}-${++n}-${crypto.randomBytes(3).toString("hex")}@test.example`;
      const password = `pw-${crypto.randomBytes(9).toString("hex")}`;
      const created = await gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
        i: { email, name: `${role} user`, role, password },
      });
      if (created.errors) throw new Error(JSON.stringify(created.errors));
      const signedIn = await gql(SIGN_IN, { e: email, p: password }, null);
      if (signedIn.errors) throw new Error(JSON.stringify(signedIn.errors));
      return { id: created.data.createUser.id, email, password, token: signedIn.data.signIn.token };
    },
    async close() {
      await server.close();
      await db.close();
      await drop();
    },
  };
}

export const RECORD = `mutation($i: RecordUsageInput!) {
  recordUsage(input: $i) {
    recorded allowed duplicate
    entry { id costUsd costSource inputTokens outputTokens occurredAt allowed idempotencyKey }
    budgets { budget { id name } windowStart windowEnd usedCostUsd usedTokens limitCostUsd exceeded unpricedEntries }
  }
}`;

export const SIGN_IN = `mutation($e: String!, $p: String!) {
  signIn(email: $e, password: $p) { token expiresAt user { id email role } }
}`;

export const SET_BUDGET = `mutation($i: SetBudgetInput!) {
  setBudget(input: $i) { id name period limitCostUsd limitTokens enforcement enabled version }
}`;

export const CHECK = `query($t: String!, $c: Decimal, $k: BigInt) {
  checkBudget(tenant: $t, estimatedCostUsd: $c, estimatedTokens: $k) {
    allowed budgets { usedCostUsd exceeded remainingCostUsd budget { name } }
  }
}`;

/** Ledger rows of a tenant, and whether every counter equals SUM(ledger) over its window. Straight SQL. */
export async function ledgerAudit(db: Database, tenantId: string) {
  const [sum] = await db.prisma.$queryRawUnsafe<{ n: string; cost: string }[]>(
    `SELECT COUNT(*)::text AS n, COALESCE(SUM(cost_usd),0)::text AS cost FROM ledger_entries WHERE tenant_id = $1::uuid`,
    tenantId,
  );
  const mismatches = await db.prisma.$queryRawUnsafe<unknown[]>(
    `SELECT c.budget_id, c.window_start, c.used_cost_usd::text, s.cost::text, c.used_tokens::text, s.tokens::text
     FROM budget_counters c
     CROSS JOIN LATERAL (
       SELECT COALESCE(SUM(l.cost_usd),0) AS cost, COALESCE(SUM(l.input_tokens + l.output_tokens),0) AS tokens,
              COUNT(*) AS entries, COUNT(*) FILTER (WHERE l.cost_usd IS NULL) AS unpriced,
              COALESCE(SUM(l.input_tokens + l.output_tokens) FILTER (WHERE l.cost_usd IS NULL),0) AS unpriced_tokens
       FROM ledger_entries l
       WHERE l.tenant_id = c.tenant_id AND l.occurred_at >= c.window_start
         AND (c.window_end IS NULL OR l.occurred_at < c.window_end)) s
     WHERE c.tenant_id = $1::uuid
       AND (c.used_cost_usd <> s.cost OR c.used_tokens <> s.tokens OR c.entries <> s.entries
            OR c.unpriced_entries <> s.unpriced OR c.unpriced_tokens <> s.unpriced_tokens)`,
    tenantId,
  );
  return { rows: Number(sum!.n), cost: sum!.cost, counterMismatches: mismatches };
}
