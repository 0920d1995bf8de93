// The API under test, as a child process (so its CPU and memory are its own), on a fresh database.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
const API_DIR = path.join(REPO_ROOT, "apps/api");
export const TMP_DIR = path.join(REPO_ROOT, "bench/tmp");

export type DbKind = "postgres" | "pglite";

export interface FreshDatabase {
  kind: DbKind;
  /** Environment for the API process. */
  env: Record<string, string>;
  /** PostgreSQL URL or PGlite data directory. */
  location: string;
  drop(): Promise<void>;
}

export async function freshDatabase(kind: DbKind, serverUrl: string, label: string): Promise<FreshDatabase> {
  const id = `${label}_${Date.now().toString(36)}_${crypto.randomBytes(2).toString("hex")}`;
  if (kind === "postgres") {
    const name = `perf_bench_${id}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    return {
      kind,
      env: { DATABASE_URL: u.toString() },
      location: u.toString(),
      async drop() {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = path.join(TMP_DIR, `pglite-${id}`);
  fs.mkdirSync(TMP_DIR, { recursive: true });
  return {
    kind,
    env: { SPENDLINE_DATA_DIR: dir },
    location: dir,
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ApiProcess {
  url: string;
  adminToken: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startApi(options: {
  db: FreshDatabase;
  port: number;
  /** Extra node flags for the API, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** More than 1: the API in cluster mode (src/cluster.ts) with this many worker processes. */
  workers?: number;
  env?: Record<string, string>;
}): Promise<ApiProcess> {
  const adminToken = `bench-admin-${crypto.randomBytes(16).toString("hex")}`;
  const stateDir = path.join(TMP_DIR, `state-${options.port}-${Date.now()}`);
  const entry = (options.workers ?? 1) > 1 ? "src/cluster.ts" : "src/main.ts";
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), "--import", "tsx", entry], {
    cwd: API_DIR,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      PORT: String(options.port),
      HOST: "127.0.0.1",
      SPENDLINE_ADMIN_TOKEN: adminToken,
      SPENDLINE_STATE_DIR: path.relative(REPO_ROOT, stateDir),
      ...options.db.env,
      ...((options.workers ?? 1) > 1 ? { SPENDLINE_WORKERS: String(options.workers) } : {}),
      ...options.env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode} during start`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("API did not become healthy within 60 s");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    adminToken,
    pid: child.pid!,
    child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export async function gql<T = any>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

export interface BenchTenant {
  slug: string;
  id: string;
  key: string;
  budgetId: string;
}

/** `count` tenants, each with a service key and one HARD daily budget (one counter per usage, as in the floor). */
export async function createTenants(api: ApiProcess, count: number, prefix: string): Promise<BenchTenant[]> {
  const tenants: BenchTenant[] = [];
  for (let i = 0; i < count; i++) {
    const slug = `${prefix}-${i}`;
    const t = await gql(
      api.url,
      api.adminToken,
      `mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`,
      {
        i: { slug, name: `Bench ${i}`, timezone: i % 2 ? "America/New_York" : "UTC" },
      },
    );
    const k = await gql(
      api.url,
      api.adminToken,
      `mutation($t: String!) { createApiKey(tenant: $t, name: "bench") { key } }`,
      {
        t: slug,
      },
    );
    const b = await gql(
      api.url,
      api.adminToken,
      `mutation($i: SetBudgetInput!) { setBudget(input: $i) { id } }`,
      { i: { tenant: slug, name: "daily", period: "DAY", limitCostUsd: "250", enforcement: "HARD" } },
    );
    tenants.push({ slug, id: t.createTenant.id, key: k.createApiKey.key, budgetId: b.setBudget.id });
  }
  return tenants;
}
