// Benchmark (not a test): loads N ledger rows (default one million) on PostgreSQL and on PGlite, starts the API as
// a child process, downloads the full ledger export and reports rows/s and the API's peak RSS above idle.
//
//   pnpm bench:export [--rows 1000000] [--db both|postgres|pglite] [--port 4450]
//
// PostgreSQL: DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names the server; a fresh
// database exports_bench_<random> is created and dropped. PGlite: a fresh temporary data directory.
// Peak memory: /proc/<pid>/status VmRSS sampled every 20 ms, plus VmHWM after resetting it (clear_refs 5) at the
// start of the download, so short spikes between samples are not missed.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import pg from "pg";
import { openDatabase, pgConnectionFields, type DatabaseTarget } from "@spendline/db";
import { Decimal } from "@spendline/domain";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    db: { type: "string", default: "both" },
    port: { type: "string", default: "4450" },
    tenants: { type: "string", default: "20" },
  },
});
const ROWS = Number(args.rows);
const TENANTS = Number(args.tenants);
const apiDir = path.resolve(import.meta.dirname, "..");
const FROM = "2026-11-01";
const TO = "2026-12-01";

function kb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no ${field} for ${pid}`);
  return Number(m[1]);
}
const mb = (k: number) => Math.round((k / 1024) * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tenants and ledger rows straight into the tables with generate_series: about what a month of 20 busy tenants
 * looks like, with metadata that needs quoting on every 10th row and unpriced rows on every 17th. */
async function load(target: DatabaseTarget): Promise<{ rows: number; cost: string; loadSeconds: number }> {
  const t0 = performance.now();
  const db = await openDatabase({ target });
  try {
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO tenants (id, slug, name, timezone)
       SELECT gen_random_uuid(), 'bench-' || lpad(g::text, 3, '0'), 'Bench tenant ' || g || ', Inc.',
         (ARRAY['UTC', 'Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo'])[1 + g % 4]
       FROM generate_series(1, ${TENANTS}) g`,
    );
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO api_keys (tenant_id, id, name, prefix, key_hash)
       SELECT id, gen_random_uuid(), 'bench key', 'sl_bench', md5(id::text) FROM tenants`,
    );
    const chunk = 100_000;
    for (let start = 0; start < ROWS; start += chunk) {
      const end = Math.min(ROWS, start + chunk);
      await db.prisma.$executeRawUnsafe(
        `WITH t AS (SELECT row_number() OVER (ORDER BY slug) - 1 AS n, t.id AS tenant_id, k.id AS key_id
                    FROM tenants t JOIN api_keys k ON k.tenant_id = t.id)
         INSERT INTO ledger_entries (tenant_id, id, idempotency_key, request_hash, model, provider, input_tokens,
           output_tokens, cache_read_tokens, reasoning_tokens, cost_usd, cost_source, occurred_at, allowed,
           api_key_id, metadata, decision)
         SELECT t.tenant_id, gen_random_uuid(), 'bench-' || g, md5(g::text),
           (ARRAY['claude-opus-4', 'gpt-4.1', 'gemini-2.5-pro'])[1 + g % 3], 'provider-' || (g % 3),
           1000 + g % 5000, 100 + g % 700, g % 500, g % 50,
           CASE WHEN g % 17 = 0 THEN NULL ELSE ((g % 9973) * 0.000001234567890123)::numeric(38,18) END,
           (CASE WHEN g % 17 = 0 THEN 'UNPRICED' ELSE 'REPORTED' END)::"CostSource",
           '${FROM}T00:00:00Z'::timestamptz + ((g - 1)::double precision / ${ROWS}) * interval '30 days',
           g % 29 <> 0, t.key_id,
           CASE WHEN g % 10 = 0 THEN jsonb_build_object('team', 'search, "ranking"', 'run', g) END,
           '[]'::jsonb
         FROM generate_series(${start + 1}, ${end}) g JOIN t ON t.n = g % ${TENANTS}`,
      );
      process.stdout.write(`\r  loaded ${end} rows`);
    }
    process.stdout.write("\n");
    await db.prisma.$executeRawUnsafe("ANALYZE");
    const [s] = await db.prisma.$queryRawUnsafe<{ n: string; cost: string }[]>(
      `SELECT COUNT(*)::text AS n, COALESCE(SUM(cost_usd), 0)::text AS cost FROM ledger_entries
       WHERE occurred_at >= '${FROM}T00:00:00Z' AND occurred_at < '${TO}T00:00:00Z'`,
    );
    return { rows: Number(s!.n), cost: s!.cost, loadSeconds: (performance.now() - t0) / 1000 };
  } finally {
    await db.close();
  }
}

async function startApi(env: Record<string, string>, port: number, token: string): Promise<ChildProcess> {
  // node itself, not the tsx CLI (which would run the API in a grandchild whose memory we would not see).
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: apiDir,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      SPENDLINE_ADMIN_TOKEN: token,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return child;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  child.kill("SIGTERM");
  throw new Error("API did not become healthy in 60 s");
}

async function stopApi(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(30_000)]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

interface Download {
  rows: number;
  bytes: number;
  seconds: number;
  cost: Decimal;
}

/** Downloads the export into a file (timed: the API's rate, not this process's parsing), then counts the
 * records and sums cost_usd (column 13) with csv-parse and Decimal, reading the file back. */
async function downloadLedger(url: string, token: string, file: string): Promise<Download> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  await pipeline(
    Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>),
    fs.createWriteStream(file),
  );
  const seconds = (performance.now() - t0) / 1000;
  let rows = 0;
  let cost = new Decimal(0);
  for await (const record of fs.createReadStream(file).pipe(parse({ from_line: 2 })) as AsyncIterable<
    string[]
  >) {
    rows++;
    if (record[12]) cost = cost.plus(record[12]);
  }
  const bytes = fs.statSync(file).size;
  fs.rmSync(file);
  return { rows, bytes, seconds, cost };
}

async function benchOne(kind: "postgres" | "pglite", port: number) {
  console.log(`\n== ${kind}: ${ROWS} ledger rows, ${TENANTS} tenants ==`);
  let target: DatabaseTarget;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (kind === "postgres") {
    const server = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
    const name = `exports_bench_${crypto.randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ ...pgConnectionFields(server), database: "postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    target = { kind: "postgres", url: u.toString() };
    env = { DATABASE_URL: u.toString() };
    cleanup = async () => {
      const c = new pg.Client({ ...pgConnectionFields(server), database: "postgres" });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "exports-bench-"));
    target = { kind: "pglite", dataDir: path.join(dir, "pglite") };
    env = { DATABASE_URL: "", SPENDLINE_DATA_DIR: target.dataDir };
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  try {
    const loaded = await load(target);
    console.log(
      `  loaded ${loaded.rows} rows in ${loaded.loadSeconds.toFixed(1)} s; ledger SUM(cost_usd) = ${loaded.cost}`,
    );
    const token = `bench-admin-${crypto.randomBytes(12).toString("hex")}`;
    const api = await startApi(env, port, token);
    try {
      const pid = api.pid!;
      const base = `http://127.0.0.1:${port}/exports`;
      // Warm up the code paths (module loading, Prisma's first query) so "idle" is the API ready to serve.
      const file = path.join(os.tmpdir(), `exports-bench-${process.pid}.csv`);
      await downloadLedger(`${base}/ledger.csv?from=${FROM}&to=${FROM}T01:00:00Z`, token, file);
      await sleep(1000);
      const idleSamples: number[] = [];
      for (let i = 0; i < 10; i++) {
        idleSamples.push(kb(pid, "VmRSS"));
        await sleep(100);
      }
      const idle = Math.max(...idleSamples);
      // Two passes in the same API process: the first also fills whatever caches the process holds (PGlite's
      // 128 MB shared_buffers live inside the API process); the second shows the steady state.
      const passes = [];
      for (let pass = 1; pass <= 2; pass++) {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, "5"); // resets VmHWM to the current RSS
        const before = kb(pid, "VmRSS");
        let peakSampled = before;
        const sampler = setInterval(() => {
          try {
            peakSampled = Math.max(peakSampled, kb(pid, "VmRSS"));
          } catch {
            /* process gone */
          }
        }, 20);
        const d = await downloadLedger(`${base}/ledger.csv?from=${FROM}&to=${TO}`, token, file);
        clearInterval(sampler);
        const peak = Math.max(peakSampled, kb(pid, "VmHWM"));
        const exact = d.rows === loaded.rows && d.cost.equals(loaded.cost);
        if (!exact) {
          console.error(
            `  MISMATCH: export ${d.rows} rows / ${d.cost.toFixed()} vs ledger ${loaded.rows} / ${loaded.cost}`,
          );
        }
        passes.push({
          pass,
          rows: d.rows,
          megabytes: Math.round(d.bytes / 1e5) / 10,
          seconds: Math.round(d.seconds * 10) / 10,
          rowsPerSecond: Math.round(d.rows / d.seconds),
          rssBeforeMb: mb(before),
          peakRssMb: mb(peak),
          peakAboveIdleMb: mb(peak - idle),
          withinBudget: peak - idle <= 150 * 1024,
          exactRowsAndSum: exact,
        });
      }
      const t1 = performance.now();
      const summary = await fetch(`${base}/daily-summary.csv?from=${FROM}&to=${TO}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const summaryText = await summary.text();
      const summarySeconds = (performance.now() - t1) / 1000;
      const result = {
        database: kind,
        idleRssMb: mb(idle),
        passes,
        withinBudget: passes.every((p) => p.withinBudget),
        exactRowsAndSum: passes.every((p) => p.exactRowsAndSum),
        dailySummaryRows: summaryText.split("\r\n").length - 2,
        dailySummarySeconds: Math.round(summarySeconds * 10) / 10,
      };
      console.dir(result, { depth: 5 });
      return result;
    } finally {
      await stopApi(api);
    }
  } finally {
    await cleanup();
  }
}

const port = Number(args.port);
const kinds =
  args.db === "both" ? (["postgres", "pglite"] as const) : ([args.db] as ("postgres" | "pglite")[]);
const results = [];
for (const [i, kind] of kinds.entries()) results.push(await benchOne(kind, port + i));
console.log("\n" + JSON.stringify(results));
if (results.some((r) => !r.withinBudget || !r.exactRowsAndSum)) process.exitCode = 1;
