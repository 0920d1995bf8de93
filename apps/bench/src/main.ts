// `pnpm bench`: recordUsage over HTTP against the API on PostgreSQL and on PGlite, each figure beside its floor
// (the same per-usage transaction issued straight to the database), results as JSON in bench/results/.
//
//   pnpm bench                  full run: 10 s per cell, concurrency 1, 16, 64, both databases
//   pnpm bench --quick          smoke run: 3 s per cell
//   pnpm bench --db postgres --concurrency 64 --seconds 20
//   pnpm bench --soak --speed 10 --soak-seconds 300   trace at 10x its recorded pace, memory every second
//   pnpm bench --cpu-prof       also writes the API's CPU profile to bench/tmp/profiles/
//   pnpm bench --db postgres --workers 2   the API in cluster mode (src/cluster.ts), 2 processes
//   pnpm bench --db postgres --concurrency 64 --scenarios spread --ops single --no-floor   one cell, for iterating
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import {
  REPO_ROOT,
  TMP_DIR,
  createTenants,
  freshDatabase,
  startApi,
  type BenchTenant,
  type DbKind,
} from "./api-process.ts";
import { postgresFloor, pgliteFloor, type FloorResult } from "./floor.ts";
import { httpCell, type CellResult } from "./http-load.ts";
import { soak } from "./soak.ts";
import { loadTrace } from "./trace.ts";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    seconds: { type: "string" },
    db: { type: "string", default: "postgres,pglite" },
    concurrency: { type: "string", default: "1,16,64" },
    batch: { type: "string", default: "100" },
    tenants: { type: "string", default: "100" },
    port: { type: "string", default: "4700" },
    "pg-url": {
      type: "string",
      default: process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    },
    "cpu-prof": { type: "boolean", default: false },
    "no-floor": { type: "boolean", default: false },
    soak: { type: "boolean", default: false },
    speed: { type: "string", default: "1" },
    "soak-seconds": { type: "string", default: "120" },
    "api-env": { type: "string", multiple: true, default: [] },
    label: { type: "string", default: "" },
    workers: { type: "string", default: "1" },
    // Subsets for quick iterations: which scenarios and operations to run.
    scenarios: { type: "string", default: "spread,hot" },
    ops: { type: "string", default: "single,batch" },
  },
});

const seconds = Number(args.seconds ?? (args.quick ? 3 : 10));
const concurrencies = args.concurrency.split(",").map(Number);
const batchSize = Number(args.batch);
const tenantCount = Number(args.tenants);
const dbKinds = args.db.split(",") as DbKind[];
// KEY=VALUE, split at the first "=" only (values such as NODE_OPTIONS=--flag=1 hold more).
const apiEnv = Object.fromEntries(
  args["api-env"].map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
);
const profileDir = path.join(TMP_DIR, "profiles");

interface Scenario {
  name: string;
  tenants: BenchTenant[];
}

interface Cell {
  db: DbKind;
  scenario: string;
  operation: string;
  concurrency: number;
  /** Usages per request: 1 (recordUsage) or recordUsageBatch's size. */
  batchSize: number;
  http: CellResult;
  floor: FloorResult | null;
  /** usages/s over HTTP divided by the floor's usages/s at the same concurrency, tenants and batch size. */
  ratioToFloor: number | null;
}

function gitCommit(): string {
  try {
    return execSync("git rev-parse --short HEAD", { cwd: REPO_ROOT }).toString().trim();
  } catch {
    return "unknown";
  }
}

/** Counters == SUM(ledger) for every counter of the run (the invariant must survive the load). */
const AUDIT = `SELECT count(*)::int AS mismatches FROM budget_counters c CROSS JOIN LATERAL (
    SELECT COALESCE(SUM(l.cost_usd),0) AS cost, COALESCE(SUM(l.input_tokens + l.output_tokens),0) AS tokens, COUNT(*) AS n
    FROM ledger_entries l WHERE l.tenant_id = c.tenant_id AND l.occurred_at >= c.window_start
      AND (c.window_end IS NULL OR l.occurred_at < c.window_end)) s
  WHERE c.used_cost_usd <> s.cost OR c.used_tokens <> s.tokens OR c.entries <> s.n`;

interface Audit {
  /** Counters that differ from SUM(ledger) over their window. */
  mismatches: number;
  ledgerRows: number;
  /** Ledger rows written through the API by the load generator (its idempotency keys; floors write their own). */
  apiRows: number;
}

async function audit(kind: DbKind, location: string): Promise<Audit> {
  const run = async (q: (sql: string) => Promise<{ rows: any[] }>) => ({
    mismatches: (await q(AUDIT)).rows[0].mismatches as number,
    ledgerRows: (await q("SELECT count(*)::int AS n FROM ledger_entries")).rows[0].n as number,
    apiRows: (await q(`SELECT count(*)::int AS n FROM ledger_entries WHERE idempotency_key LIKE 'bench-%'`))
      .rows[0].n as number,
  });
  if (kind === "postgres") {
    const c = new pg.Client({ connectionString: location });
    await c.connect();
    try {
      return await run((sql) => c.query(sql));
    } finally {
      await c.end();
    }
  }
  const db = new PGlite({ dataDir: location });
  try {
    return await run((sql) => db.query(sql));
  } finally {
    await db.close();
  }
}

function fmt(n: number | null | undefined, digits = 0): string {
  return n === null || n === undefined ? "-" : n.toFixed(digits);
}

function printCell(c: Cell) {
  console.log(
    [
      c.db.padEnd(8),
      c.scenario.padEnd(12),
      c.operation.padEnd(22),
      String(c.concurrency).padStart(3),
      fmt(c.http.usagesPerSec).padStart(8),
      fmt(c.http.p50Ms, 1).padStart(7),
      fmt(c.http.p99Ms, 1).padStart(7),
      fmt(c.floor?.usagesPerSec).padStart(8),
      fmt(c.floor?.p50Ms, 1).padStart(7),
      fmt(c.floor?.p99Ms, 1).padStart(7),
      fmt(c.ratioToFloor, 2).padStart(6),
      fmt(c.http.apiCpuMsPerUsage, 4).padStart(8),
      fmt(c.http.databaseCpuMsPerUsage, 4).padStart(8),
      fmt(c.http.loadGeneratorCpuMsPerUsage, 4).padStart(8),
      c.http.failed ? `FAILED ${c.http.failed}` : "",
      c.http.timeouts ? `timeouts ${c.http.timeouts}` : "",
    ].join(" "),
  );
}

async function benchDatabase(
  kind: DbKind,
  port: number,
  trace: ReturnType<typeof loadTrace>,
): Promise<{ cells: Cell[]; audit: Audit; problems: string[] }> {
  const db = await freshDatabase(kind, args["pg-url"], kind === "postgres" ? "pg" : "lite");
  const nodeFlags = args["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  console.log(`\n== ${kind}: ${db.location}`);
  const workers = kind === "postgres" ? Number(args.workers) : 1;
  const api = await startApi({ db, port, nodeFlags, env: apiEnv, workers });
  const cells: Cell[] = [];
  let result: { cells: Cell[]; audit: Audit; problems: string[] };
  // Every usage the API acknowledged must be in the ledger, and the ledger can hold no more than was sent.
  let acknowledged = 0;
  let sent = 0;
  const problems: string[] = [];
  const count = (what: string, r: CellResult) => {
    acknowledged += r.usages;
    sent += r.usagesSent;
    if (r.failed > 0 || r.timeouts > 0)
      problems.push(`${kind} ${what}: ${r.failed} failed, ${r.timeouts} timeouts`);
  };
  try {
    const tenants = await createTenants(api, tenantCount, "bench");
    const wanted = args.scenarios.split(",");
    const scenarios: Scenario[] = [
      ...(wanted.includes("spread") ? [{ name: `${tenantCount} tenants`, tenants }] : []),
      ...(wanted.includes("hot") ? [{ name: "1 hot tenant", tenants: tenants.slice(0, 1) }] : []),
    ];
    // Warm-up: JIT, connection pool, and every tenant's counter row created.
    const warmUp = await httpCell({
      url: api.url,
      apiPid: api.pid,
      tenants,
      trace,
      connections: 16,
      seconds: Math.min(2, seconds),
      batchSize: 1,
      localPostgres: false,
    });
    count("warm-up", warmUp);
    const ops = args.ops.split(",");
    const operations = [
      ...(ops.includes("single") ? [{ name: "recordUsage", batch: 1, concurrencies }] : []),
      ...(batchSize > 1 && ops.includes("batch")
        ? [
            {
              name: `recordUsageBatch(${batchSize})`,
              batch: batchSize,
              concurrencies: [Math.max(...concurrencies)],
            },
          ]
        : []),
    ];
    for (const op of operations) {
      for (const scenario of scenarios) {
        for (const c of op.concurrencies) {
          const http = await httpCell({
            url: api.url,
            apiPid: api.pid,
            tenants: scenario.tenants,
            trace,
            connections: c,
            seconds,
            batchSize: op.batch,
            localPostgres: kind === "postgres" && isLocal(args["pg-url"]),
          });
          count(`${op.name} ${scenario.name} c=${c}`, http);
          await drain(api.url, tenants[0]!);
          // PostgreSQL: the floor right after its cell, with the API idle, so both see the machine in the same
          // state (on a shared VM its speed moves by tens of percent within minutes). PGlite allows one opener
          // at a time: its floors run after the API has stopped.
          const floor =
            kind === "postgres" && !args["no-floor"]
              ? await postgresFloor({
                  url: db.location,
                  tenantIds: await tenantIdsOf(kind, db.location, scenario.tenants.length),
                  trace,
                  connections: c,
                  seconds,
                  batchSize: op.batch,
                })
              : null;
          const cell: Cell = {
            db: kind,
            scenario: scenario.name,
            operation: op.name,
            concurrency: c,
            batchSize: op.batch,
            http,
            floor,
            ratioToFloor: floor ? Math.round((http.usagesPerSec / floor.usagesPerSec) * 100) / 100 : null,
          };
          cells.push(cell);
          console.log(
            `  ${op.name} ${scenario.name} c=${c}: ${http.usagesPerSec}/s p50 ${http.p50Ms} ms p99 ${http.p99Ms} ms, CPU ms/usage: API ${http.apiCpuMsPerUsage}, database ${http.databaseCpuMsPerUsage ?? "-"}, load generator ${http.loadGeneratorCpuMsPerUsage}${http.failed ? ` FAILED ${http.failed}` : ""}${http.timeouts ? ` timeouts ${http.timeouts}` : ""}${floor ? `; floor ${floor.usagesPerSec}/s (ratio ${cell.ratioToFloor})` : ""}`,
          );
        }
      }
    }
  } finally {
    await api.stop();
  }
  try {
    // PGlite's floors run with the API stopped, on the same database (PGlite allows one opener at a time).
    if (kind === "pglite" && !args["no-floor"]) {
      const tenantIds = await tenantIdsOf(kind, db.location);
      const floors = new Map<string, FloorResult>();
      for (const cell of cells) {
        const ids = cell.scenario === "1 hot tenant" ? tenantIds.slice(0, 1) : tenantIds;
        const key = `${cell.scenario}/${cell.concurrency}/${cell.batchSize}`;
        if (!floors.has(key)) {
          const opts = {
            tenantIds: ids,
            trace,
            connections: cell.concurrency,
            seconds,
            batchSize: cell.batchSize,
          };
          const floor = await pgliteFloor({ ...opts, dataDir: db.location });
          console.log(
            `  floor ${key}: ${floor.usagesPerSec} usages/s p50 ${floor.p50Ms} ms p99 ${floor.p99Ms} ms`,
          );
          floors.set(key, floor);
        }
        cell.floor = floors.get(key)!;
        cell.ratioToFloor = Math.round((cell.http.usagesPerSec / cell.floor.usagesPerSec) * 100) / 100;
      }
    }
    const consistency = await audit(kind, db.location);
    console.log(`  ledger audit: ${JSON.stringify({ ...consistency, acknowledged, sent })}`);
    if (consistency.mismatches > 0)
      problems.push(`${kind}: ${consistency.mismatches} counters differ from the ledger`);
    if (consistency.apiRows < acknowledged) {
      problems.push(
        `${kind}: ${acknowledged - consistency.apiRows} acknowledged usages are not in the ledger`,
      );
    }
    if (consistency.apiRows > sent)
      problems.push(`${kind}: ${consistency.apiRows - sent} more ledger rows than usages sent`);
    result = { cells, audit: consistency, problems };
  } finally {
    if (!process.env.BENCH_KEEP_DB) await db.drop();
  }
  return result;
}

/** When a cell ends, the load generator drops its connections but the API still records what it had accepted.
 * One more call goes through the same group-commit queue, so its answer means that backlog is done. */
async function drain(url: string, tenant: BenchTenant) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tenant.key}` },
    body: JSON.stringify({
      query: `mutation($i: RecordUsageInput!) { recordUsage(input: $i) { recorded } }`,
      variables: {
        i: { tenant: tenant.slug, model: "drain-probe", inputTokens: 1, outputTokens: 1, costUsd: "0" },
      },
    }),
  });
  await res.text();
}

/** A PostgreSQL server on this machine: its processes' CPU can be read from /proc. */
function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "" || host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** Tenant ids in creation order (bench-0 first: the hot tenant), the first `limit` of them. */
async function tenantIdsOf(kind: DbKind, location: string, limit = 1_000_000): Promise<string[]> {
  const sql = `SELECT id::text FROM tenants WHERE slug LIKE 'bench-%' ORDER BY (substring(slug from 7))::int LIMIT ${Number(limit)}`;
  if (kind === "postgres") {
    const c = new pg.Client({ connectionString: location });
    await c.connect();
    try {
      return (await c.query(sql)).rows.map((r) => r.id);
    } finally {
      await c.end();
    }
  }
  const db = new PGlite({ dataDir: location });
  try {
    return (await db.query<{ id: string }>(sql)).rows.map((r) => r.id);
  } finally {
    await db.close();
  }
}

function writeResults(name: string, body: unknown): string {
  const dir = path.join(REPO_ROOT, "bench/results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replaceAll(":", "-").slice(0, 19)}-${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}

const machine = () => ({
  cpus: os.cpus().length,
  loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
  node: process.version,
});

async function main() {
  const trace = loadTrace();
  console.log(`trace: ${trace.length} rows over ${Math.round(trace[trace.length - 1]!.offsetMs / 1000)} s`);
  const startedAt = new Date().toISOString();
  const machineBefore = machine();
  if (args.soak) {
    const kind = dbKinds[0]!;
    const db = await freshDatabase(kind, args["pg-url"], "soak");
    const api = await startApi({ db, port: Number(args.port), env: apiEnv });
    let out;
    try {
      const tenants = await createTenants(api, Math.min(tenantCount, 20), "bench");
      out = await soak({
        api,
        tenants,
        trace,
        speed: Number(args.speed),
        seconds: Number(args["soak-seconds"]),
      });
    } finally {
      await api.stop();
    }
    const consistency = await audit(kind, db.location);
    await db.drop();
    const rss = out.samples.map((s) => s.rssMiB ?? 0);
    const summary = {
      sent: out.sent,
      completed: out.completed,
      failed: out.failed,
      skipped: out.skipped,
      rssMiB: { first: rss[0], max: Math.max(...rss), last: rss.at(-1) },
    };
    console.log(`soak: ${JSON.stringify(summary)} audit ${JSON.stringify(consistency)}`);
    const file = writeResults(`soak-${kind}${args.label ? `-${args.label}` : ""}`, {
      mode: "soak",
      startedAt,
      commit: gitCommit(),
      machineBefore,
      machineAfter: machine(),
      speed: Number(args.speed),
      summary,
      audit: consistency,
      samples: out.samples,
    });
    console.log(`results: ${path.relative(REPO_ROOT, file)}`);
    failOn([
      ...(out.failed > 0 ? [`${out.failed} requests failed`] : []),
      ...(consistency.mismatches > 0 ? [`${consistency.mismatches} counters differ from the ledger`] : []),
    ]);
    return;
  }
  const runs: Record<string, { audit: Audit }> = {};
  const problems: string[] = [];
  const cells: Cell[] = [];
  let port = Number(args.port);
  for (const kind of dbKinds) {
    const r = await benchDatabase(kind, port++, trace);
    cells.push(...r.cells);
    runs[kind] = { audit: r.audit };
    problems.push(...r.problems);
  }
  console.log(
    `\n${"db".padEnd(8)} ${"scenario".padEnd(12)} ${"operation".padEnd(22)}   c  usage/s p50(ms) p99(ms) floor/s  fp50    fp99  ratio  CPU ms per usage: API / database / load generator`,
  );
  for (const c of cells) printCell(c);
  const file = writeResults(`${args.quick ? "quick" : "full"}${args.label ? `-${args.label}` : ""}`, {
    mode: args.quick ? "quick" : "full",
    startedAt,
    commit: gitCommit(),
    secondsPerCell: seconds,
    machineBefore,
    machineAfter: machine(),
    apiEnv,
    workers: Number(args.workers),
    runs,
    cells,
  });
  console.log(`\nresults: ${path.relative(REPO_ROOT, file)}`);
  failOn(problems);
}

/** Figures are for reading, never asserted (this machine's speed moves too much); but a failed request or a counter
 * that differs from the ledger is a defect, and fails the run (so CI's smoke run of the bench means something). */
function failOn(problems: string[]) {
  if (problems.length === 0) return;
  for (const p of problems) console.error(`FAILED: ${p}`);
  process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
