// `pnpm outage`: PostgreSQL becomes unreachable in the middle of load, several times, and comes back. The shared
// server is never stopped: the API reaches it through a TCP proxy that this script cuts and restores.
// Checks: no `recorded: true` for a row that is not in the ledger; errors are SERVICE_UNAVAILABLE (503), never a
// 500; /readyz says 503 while the database is away and 200 again by itself when it is back; retries of every
// failed call record each usage exactly once; counters == ledger.
// Knobs: OUTAGE_CYCLES (3), OUTAGE_SECONDS (4), RELIABILITY_PORT (4600: uses +20 and +21), RELIABILITY_PG.
import crypto from "node:crypto";
import { RECORD, SET_BUDGET, createDatabase, createTenant, fail, gql, pool, sleep, sql, startApi, stopApi, PG_SERVER } from "./harness.ts";
import { TcpProxy } from "@spendline/api/tcp-proxy";
import { checkLedger } from "./verify.ts";

const CYCLES = Number(process.env.OUTAGE_CYCLES ?? 3);
const OUTAGE_MS = Number(process.env.OUTAGE_SECONDS ?? 4) * 1000;
const CLIENTS = 16;
const PORT = Number(process.env.RELIABILITY_PORT ?? 4600) + 20;
const adminToken = `rel-admin-${crypto.randomBytes(12).toString("hex")}`;

async function readyStatus(url: string): Promise<number> {
  try {
    const r = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) });
    return r.status;
  } catch {
    return 0;
  }
}

async function waitFor(what: string, url: string, status: number, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if ((await readyStatus(url)) === status) return Date.now() - t0;
    await sleep(100);
  }
  const last = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) }).then((r) => r.text(), (e) => String(e));
  throw new Error(`/readyz never answered ${status} (${what}) within ${timeoutMs} ms; last answer: ${last}`);
}

async function main() {
  const db = await createDatabase("rel_outage");
  const server = new URL(PG_SERVER);
  const proxy = new TcpProxy(PORT + 1, { host: server.hostname, port: Number(server.port || 5432) });
  await proxy.start();
  const viaProxy = new URL(db.url);
  viaProxy.port = String(PORT + 1);
  let problems = 0;
  const api = await startApi({ port: PORT, adminToken, databaseUrl: viaProxy.toString() });
  try {
    const t = await createTenant(api.url, adminToken, `outage-${crypto.randomBytes(3).toString("hex")}`);
    await gql(api.url, adminToken, SET_BUDGET, { i: { tenant: t.slug, name: "day", period: "DAY", limitCostUsd: "2" } });
    const acknowledged = new Map<string, string>();
    const failed: { key: string; input: Record<string, unknown> }[] = [];
    const answers = new Map<string, number>();
    let n = 0;
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const key = `o-${n++}`;
        const input = { tenant: t.slug, idempotencyKey: key, model: "gpt-4o", inputTokens: 100, outputTokens: 10, costUsd: "0.001234" };
        try {
          const r = await gql(api.url, t.key, RECORD, { i: input });
          const label = r.errors ? `${r.status} ${r.errors[0]?.extensions?.code}` : `${r.status} recorded`;
          answers.set(label, (answers.get(label) ?? 0) + 1);
          if (r.data?.recordUsage?.recorded === true) acknowledged.set(key, r.data.recordUsage.entry.id);
          else {
            failed.push({ key, input });
            await sleep(250); // a client backs off while the service is unavailable
          }
        } catch (e) {
          failed.push({ key, input });
          answers.set(`network ${String(e)}`, (answers.get(`network ${String(e)}`) ?? 0) + 1);
          await sleep(250); // a client backs off while the service is unavailable
        }
      }
    };
    const workers = Array.from({ length: CLIENTS }, worker);
    const timings: { notReadyMs: number; recoveredMs: number }[] = [];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      await sleep(1500);
      await proxy.cut();
      const notReadyMs = await waitFor("database cut", api.url, 503, 15_000);
      await sleep(OUTAGE_MS);
      await proxy.restore();
      const recoveredMs = await waitFor("database back", api.url, 200, 30_000);
      timings.push({ notReadyMs, recoveredMs });
      console.log(`outage ${cycle}: /readyz 503 after ${notReadyMs} ms; 200 again ${recoveredMs} ms after restore`);
    }
    await sleep(1500);
    stop = true;
    await Promise.all(workers);
    if (api.child.exitCode !== null) {
      problems++;
      console.error(`the API died during the outage:\n${api.output()}`);
    }
    // Clients retry every call that failed, with its key: each is recorded exactly once.
    await pool(failed.length, CLIENTS, async (i) => {
      const f = failed[i]!;
      const r = await gql(api.url, t.key, RECORD, { i: f.input });
      if (r.data?.recordUsage?.recorded !== true) {
        problems++;
        console.error(`retry of ${f.key}: ${JSON.stringify(r.errors)}`);
      } else acknowledged.set(f.key, r.data.recordUsage.entry.id);
    });
    const c = await sql(db.url);
    const q = async (text: string, params?: unknown[]) => (await c.query(text, params as unknown[])).rows;
    const report = await checkLedger(q);
    const ids = new Map<string, string>();
    for (const r of await q(`SELECT idempotency_key, id::text AS id FROM ledger_entries`)) ids.set(r.idempotency_key, r.id);
    await c.end();
    let lost = 0;
    for (const [key, id] of acknowledged) if (ids.get(key) !== id) lost++;
    const internal = [...answers.keys()].filter((k) => /500|INTERNAL/.test(k));
    problems += lost + report.counterMismatches + report.chainProblems.length + internal.length;
    if (report.rows !== acknowledged.size) problems++;
    console.log(
      JSON.stringify(
        {
          outages: CYCLES,
          answers: Object.fromEntries(answers),
          failedThenRetried: failed.length,
          acknowledged: acknowledged.size,
          ledgerRows: report.rows,
          acknowledgedButNotInLedger: lost,
          counterMismatches: report.counterMismatches,
          runningTotalProblems: report.chainProblems.length,
          timings,
        },
        null,
        2,
      ),
    );
  } catch (e) {
    console.error(api.output().split("\n").slice(-15).join("\n").slice(0, 5000));
    throw e;
  } finally {
    await stopApi(api);
    await proxy.stop();
    await db.drop();
  }
  if (problems > 0) fail(`${problems} problems (see above)`);
  console.log("OK: errors while the database was away, nothing acknowledged was lost, recovered by itself");
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
