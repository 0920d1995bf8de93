// `pnpm crash`: kill -9 the API in the middle of load, restart it, and check that nothing acknowledged was lost and
// nothing half-written is visible; on PGlite and on PostgreSQL. Then: SIGTERM drains in-flight requests and exits
// cleanly, and a second process on a PGlite data directory in use is refused.
// Knobs: CRASH_CYCLES (5 per database), CRASH_CLIENTS (16), CRASH_ONLY=pglite|postgres, RELIABILITY_PORT (4600:
// this script uses +10 and +11), RELIABILITY_PG.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@spendline/db";
import {
  RECORD,
  SET_BUDGET,
  createDatabase,
  createTenant,
  fail,
  gql,
  rng,
  sleep,
  sql,
  startApi,
  stopApi,
  type ApiProcess,
} from "./harness.ts";
import { checkLedger, type Query } from "./verify.ts";

const CYCLES = Number(process.env.CRASH_CYCLES ?? 5);
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 16);
const PORT = Number(process.env.RELIABILITY_PORT ?? 4600) + 10;
const random = rng(Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000));
const adminToken = `rel-admin-${crypto.randomBytes(12).toString("hex")}`;

type Kind = "pglite" | "postgres";
interface Target {
  kind: Kind;
  databaseUrl?: string;
  dataDir?: string;
}

/** Runs `check` against the database with straight SQL. PGlite has one owner at a time, so the API is stopped
 * (SIGTERM, which must exit 0) and the directory opened here, then closed again. */
async function withSql<T>(target: Target, check: (q: Query) => Promise<T>): Promise<T> {
  if (target.kind === "postgres") {
    const c = await sql(target.databaseUrl!);
    try {
      return await check(async (text, params) => (await c.query(text, params as unknown[])).rows);
    } finally {
      await c.end();
    }
  }
  const db = await openDatabase({ target: { kind: "pglite", dataDir: target.dataDir! } });
  try {
    return await check((text, params) => db.prisma.$queryRawUnsafe(text, ...(params ?? [])));
  } finally {
    await db.close();
  }
}

function usageInput(slug: string, key: string) {
  return {
    tenant: slug,
    idempotencyKey: key,
    model: "claude-sonnet-4",
    inputTokens: 1 + Math.floor(random() * 2000),
    outputTokens: Math.floor(random() * 500),
    costUsd: `0.${String(1 + Math.floor(random() * 40_000)).padStart(6, "0")}`,
  };
}

async function crashCycles(target: Target) {
  let api: ApiProcess = await startApi({ port: PORT, adminToken, ...target });
  const tenants: Awaited<ReturnType<typeof createTenant>>[] = [];
  for (let i = 0; i < 3; i++) {
    const t = await createTenant(api.url, adminToken, `crash-${target.kind}-${i}-${crypto.randomBytes(2).toString("hex")}`);
    await gql(api.url, adminToken, SET_BUDGET, { i: { tenant: t.slug, name: "day", period: "DAY", limitCostUsd: "0.5" } });
    await gql(api.url, adminToken, SET_BUDGET, { i: { tenant: t.slug, name: "total", period: "TOTAL", limitTokens: "500000" } });
    tenants.push(t);
  }
  const sent = new Map<string, { key: string; input: ReturnType<typeof usageInput>; token: string }>();
  const acknowledged = new Map<string, string>();
  let retriedUnknown = 0;
  let problems = 0;
  let n = 0;
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const unknown: string[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const t = tenants[n % tenants.length]!;
        const key = `c${cycle}-${n++}`;
        const input = usageInput(t.slug, key);
        sent.set(key, { key, input, token: t.key });
        try {
          const r = await gql(api.url, t.key, RECORD, { i: input });
          if (r.data?.recordUsage?.recorded === true) acknowledged.set(key, r.data.recordUsage.entry.id);
          else unknown.push(key); // an error answer: not recorded, but a retry is harmless
        } catch {
          unknown.push(key); // connection died with the process: outcome unknown, the client retries
          await sleep(20);
        }
      }
    };
    const workers = Array.from({ length: CLIENTS }, worker);
    await sleep(800 + random() * 2000);
    const ackedBeforeKill = acknowledged.size;
    api.child.kill("SIGKILL");
    const how = await api.exited;
    stop = true;
    await Promise.all(workers);

    // Restart on the same data: PGlite must take over the dead process's lock and open the directory.
    api = await startApi({ port: PORT, adminToken, ...target });
    // A client that lost its answer retries with the same key: the answer must be a recording, once.
    for (const key of unknown) {
      const s = sent.get(key)!;
      const r = await gql(api.url, s.token, RECORD, { i: s.input });
      if (r.data?.recordUsage?.recorded !== true) {
        problems++;
        console.error(`retry of ${key} after restart: ${JSON.stringify(r.errors)}`);
      } else acknowledged.set(key, r.data.recordUsage.entry.id);
      retriedUnknown++;
    }
    if (target.kind === "pglite") {
      const code = await stopApi(api);
      if (code !== 0) {
        problems++;
        console.error(`SIGTERM exit code ${code}:\n${api.output()}`);
      }
    }
    const result = await withSql(target, async (q) => {
      const report = await checkLedger(q);
      const ids = new Map<string, string>();
      for (const r of await q(`SELECT idempotency_key, id::text AS id FROM ledger_entries`)) ids.set(r.idempotency_key, r.id);
      let lost = 0;
      for (const [key, id] of acknowledged) if (ids.get(key) !== id) lost++;
      return { report, lost, rowsWithoutAck: report.rows - acknowledged.size };
    });
    const bad = result.lost + result.report.counterMismatches + result.report.chainProblems.length + Math.abs(result.rowsWithoutAck);
    problems += bad;
    console.log(
      `${target.kind} cycle ${cycle}: killed (${how}) with ${ackedBeforeKill} acknowledged so far; ${unknown.length} in flight retried; ledger ${result.report.rows} rows, acknowledged ${acknowledged.size}, ` +
        `lost ${result.lost}, counter mismatches ${result.report.counterMismatches}, chain problems ${result.report.chainProblems.length}`,
    );
    if (target.kind === "pglite") api = await startApi({ port: PORT, adminToken, ...target });
  }
  await stopApi(api);
  return { cycles: CYCLES, acknowledged: acknowledged.size, retriedUnknown, problems };
}

/** SIGTERM under load: requests in flight are answered, later ones get 503 SERVICE_UNAVAILABLE, the process exits 0
 * promptly and the database is closed (PGlite: the lock file is gone). */
async function sigtermDrain(target: Target) {
  // At info level: the "stopped cleanly" line is what proves the drain reached the database close.
  const api = await startApi({ port: PORT, adminToken, ...target, env: { LOG_LEVEL: "info" } });
  const t = await createTenant(api.url, adminToken, `drain-${target.kind}-${crypto.randomBytes(2).toString("hex")}`);
  const outcomes = { recorded: 0, unavailable: 0, refused: 0, other: [] as string[] };
  let stop = false;
  let n = 0;
  const worker = async () => {
    while (!stop) {
      try {
        const r = await gql(api.url, t.key, RECORD, { i: usageInput(t.slug, `drain-${n++}`) });
        if (r.data?.recordUsage?.recorded) outcomes.recorded++;
        else if (r.status === 503 && r.errors?.[0]?.extensions?.code === "SERVICE_UNAVAILABLE") outcomes.unavailable++;
        else outcomes.other.push(`${r.status} ${JSON.stringify(r.errors)}`);
      } catch (e) {
        // Connection refused once the listener is closed; a reset would mean an in-flight request was dropped.
        const cause = String((e as { cause?: { code?: string } }).cause?.code ?? e);
        if (cause === "ECONNREFUSED") outcomes.refused++;
        else outcomes.other.push(cause);
        await sleep(20);
      }
    }
  };
  const workers = Array.from({ length: CLIENTS }, worker);
  await sleep(1500);
  const t0 = Date.now();
  api.child.kill("SIGTERM");
  const code = await api.exited;
  const drainMs = Date.now() - t0;
  stop = true;
  await Promise.all(workers);
  const lockLeft = target.dataDir ? fs.existsSync(`${target.dataDir}.lock`) : false;
  const cleanLog = api.output().includes("stopped cleanly");
  console.log(
    `${target.kind} SIGTERM: exit ${code} after ${drainMs} ms, ${outcomes.recorded} recorded, ${outcomes.unavailable} answered 503, ` +
      `${outcomes.refused} refused after close, other ${JSON.stringify(outcomes.other.slice(0, 5))}, lock left ${lockLeft}`,
  );
  return code === 0 && cleanLog && !lockLeft && drainMs < 10_000 ? 0 : 1;
}

async function secondProcessRefused(dataDir: string) {
  const first = await startApi({ port: PORT, adminToken, dataDir });
  const second = await startApi({ port: PORT + 1, adminToken, dataDir, waitReady: false });
  const code = await second.exited;
  await stopApi(first);
  const clear = /in use by process \d+/.test(second.output());
  console.log(`second process on the same PGlite directory: exit ${code}, clear message: ${clear}`);
  return code === 2 && clear ? 0 : 1;
}

async function main() {
  const only = process.env.CRASH_ONLY;
  const summary: Record<string, unknown> = {};
  let problems = 0;
  if (!only || only === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rel-crash-"));
    try {
      const dataDir = path.join(dir, "pglite");
      const r = await crashCycles({ kind: "pglite", dataDir });
      summary.pglite = r;
      problems += r.problems;
      problems += await sigtermDrain({ kind: "pglite", dataDir });
      problems += await secondProcessRefused(dataDir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!only || only === "postgres") {
    const db = await createDatabase("rel_crash");
    try {
      const r = await crashCycles({ kind: "postgres", databaseUrl: db.url });
      summary.postgres = r;
      problems += r.problems;
      problems += await sigtermDrain({ kind: "postgres", databaseUrl: db.url });
    } finally {
      await db.drop();
    }
  }
  console.log(JSON.stringify(summary, null, 2));
  if (problems > 0) fail(`${problems} problems (see above)`);
  console.log("OK: every acknowledged usage survived every kill -9; counters == ledger; clean SIGTERM");
}

// Exit explicitly once the verdict is printed: a lingering keep-alive socket or pool once kept a finished run
// alive (and CI waiting) after "OK".
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
