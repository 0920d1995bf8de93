// What every reliability script needs: a throw-away PostgreSQL database, API processes started the way an operator
// starts them (node + tsx on apps/api/src/main.ts, configured only by environment), and a small GraphQL client.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";

export const repoRoot = path.resolve(import.meta.dirname, "../../..");
const apiDir = path.join(repoRoot, "apps/api");

export const PG_SERVER = process.env.RELIABILITY_PG ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function pgFields(url: string, database?: string) {
  const u = new URL(url);
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || "postgres",
    password: decodeURIComponent(u.password) || undefined,
    database: database ?? (u.pathname.replace(/^\//, "") || "postgres"),
  };
}

/** A fresh, empty database named `<prefix>_<random>` on the server; the caller drops it. */
export async function createDatabase(prefix: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
  const admin = new pg.Client(pgFields(PG_SERVER, "postgres"));
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_SERVER);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    async drop() {
      const c = new pg.Client(pgFields(PG_SERVER, "postgres"));
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A straight SQL connection to a database (for the checks: never through the API). */
export async function sql(url: string): Promise<pg.Client> {
  const c = new pg.Client(pgFields(url));
  await c.connect();
  return c;
}

export interface ApiProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  output(): string;
}

export interface StartApiOptions {
  port: number;
  adminToken: string;
  /** PostgreSQL URL, or undefined for PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  env?: Record<string, string>;
  /** Wait for /healthz (default true). */
  waitReady?: boolean;
}

/** Starts `apps/api/src/main.ts` as its own node process (not under the tsx CLI, whose extra parent process would
 * survive a kill -9 of the API). */
export async function startApi(options: StartApiOptions): Promise<ApiProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    HOST: "127.0.0.1",
    SPENDLINE_ADMIN_TOKEN: options.adminToken,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    SPENDLINE_DB_POOL: process.env.SPENDLINE_DB_POOL ?? "8",
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.SPENDLINE_DATA_DIR;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.dataDir) env.SPENDLINE_DATA_DIR = options.dataDir;
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: apiDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const api: ApiProcess = { port: options.port, url: `http://127.0.0.1:${options.port}`, child, exited, output: () => out };
  if (options.waitReady !== false) await waitHealthy(api);
  return api;
}

export async function waitHealthy(api: ApiProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended: number | string | undefined;
  void api.exited.then((c) => (ended = c));
  while (Date.now() < deadline) {
    if (ended !== undefined) throw new Error(`API on :${api.port} exited (${ended}) before it was healthy:\n${api.output()}`);
    try {
      const r = await fetch(`${api.url}/readyz`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`API on :${api.port} not healthy after ${timeoutMs} ms:\n${api.output()}`);
}

export async function stopApi(api: ApiProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<number | string> {
  if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill(signal);
  return api.exited;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface GqlResult {
  status: number;
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function gql(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<GqlResult> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  try {
    return { status: res.status, ...(JSON.parse(text) as object) };
  } catch {
    return { status: res.status, errors: [{ message: `non-JSON answer: ${text.slice(0, 200)}` }] };
  }
}

export const RECORD = `mutation($i: RecordUsageInput!) {
  recordUsage(input: $i) {
    recorded allowed duplicate
    entry { id costUsd costSource totalTokens occurredAt allowed idempotencyKey }
    budgets { budget { id } windowStart usedCostUsd usedTokens limitCostUsd limitTokens exceeded entries }
  }
}`;

export const SET_BUDGET = `mutation($i: SetBudgetInput!) {
  setBudget(input: $i) { id limitCostUsd limitTokens version }
}`;

/** A tenant with a service key, made through the API as an admin would. */
export async function createTenant(url: string, adminToken: string, slug: string, timezone = "UTC") {
  const t = await gql(url, adminToken, `mutation($i: CreateTenantInput!) { createTenant(input: $i) { id slug } }`, {
    i: { slug, name: slug, timezone },
  });
  if (t.errors) throw new Error(`createTenant ${slug}: ${JSON.stringify(t.errors)}`);
  const k = await gql(url, adminToken, `mutation($t: String!) { createApiKey(tenant: $t, name: "load") { key } }`, { t: slug });
  if (k.errors) throw new Error(`createApiKey ${slug}: ${JSON.stringify(k.errors)}`);
  return { slug, id: t.data.createTenant.id as string, key: k.data.createApiKey.key as string };
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Deterministic pseudo-random numbers, so a failing run can be repeated with its seed. */
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

export function fail(message: string): never {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}
