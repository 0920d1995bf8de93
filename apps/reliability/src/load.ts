// `pnpm load`: three API processes on one fresh PostgreSQL database, many concurrent clients over many tenants with
// tight HARD caps, budget edits and idempotency storms in the middle of it; then the ledger is checked with SQL.
// Exits 1 on any mismatch. Knobs: LOAD_CALLS (5000), LOAD_CLIENTS (64), LOAD_TENANTS (20), LOAD_SEED,
// RELIABILITY_PORT (4600: uses this port and the next two), RELIABILITY_PG (the server), KEEP_DB=1.
import crypto from "node:crypto";
import { Decimal } from "@spendline/domain";
import {
  RECORD,
  SET_BUDGET,
  createDatabase,
  createTenant,
  fail,
  gql,
  pool,
  rng,
  sql,
  startApi,
  stopApi,
  type ApiProcess,
  type GqlResult,
} from "./harness.ts";
import { checkLedger } from "./verify.ts";

const CALLS = Number(process.env.LOAD_CALLS ?? 5000);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 64);
const TENANTS = Number(process.env.LOAD_TENANTS ?? 20);
const SEED = Number(process.env.LOAD_SEED ?? Date.now() % 1_000_000);
const BASE_PORT = Number(process.env.RELIABILITY_PORT ?? 4600);
const ZONES = ["UTC", "Asia/Tokyo", "Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe"];
const DAY_LIMITS = ["1.5", "1.25", "2"];

const random = rng(SEED);
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
const adminToken = `rel-admin-${crypto.randomBytes(12).toString("hex")}`;

async function main() {
  const started = Date.now();
  const db = await createDatabase("rel_load");
  console.log(`seed ${SEED}; database ${db.name}; ${CALLS} calls, ${CLIENTS} clients, ${TENANTS} tenants, 3 API processes`);
  const apis: ApiProcess[] = [];
  try {
    // All three start at once: their migrations must serialise on the migration lock, not collide.
    apis.push(
      ...(await Promise.all([0, 1, 2].map((i) => startApi({ port: BASE_PORT + i, adminToken, databaseUrl: db.url })))),
    );
    const api = (i: number) => apis[i % apis.length]!;

    const tenants: (Awaited<ReturnType<typeof createTenant>> & { budgets: Record<string, string> })[] = [];
    for (let i = 0; i < TENANTS; i++) {
      const t = await createTenant(api(i).url, adminToken, `load-${i}-${SEED}`, ZONES[i % ZONES.length]);
      const budgets: Record<string, string> = {};
      for (const [name, input] of [
        ["day", { period: "DAY", limitCostUsd: DAY_LIMITS[i % DAY_LIMITS.length], enforcement: "HARD" }],
        ["month-tokens", { period: "MONTH", limitTokens: String(200_000 + 10_000 * i), enforcement: "HARD" }],
        ["total-soft", { period: "TOTAL", limitCostUsd: "3", enforcement: "SOFT" }],
      ] as const) {
        const r = await gql(api(i).url, adminToken, SET_BUDGET, { i: { tenant: t.slug, name, ...input } });
        if (r.errors) throw new Error(JSON.stringify(r.errors));
        budgets[name] = r.data.setBudget.id;
      }
      tenants.push({ ...t, budgets });
    }

    // --- Load, with budget edits running beside it -------------------------------------------------------------
    const acknowledged = new Map<string, { entryId: string; allowed: boolean }>();
    const failures: string[] = [];
    let duplicatesSeen = 0;
    let retried = 0;
    const sent: { key: string; tenant: (typeof tenants)[number]; input: Record<string, unknown> }[] = [];
    let loadDone = false;

    const record = async (i: number) => {
      const tenant = pick(tenants);
      const key = `k-${i}`;
      const input: Record<string, unknown> = {
        tenant: tenant.slug,
        idempotencyKey: key,
        model: pick(["claude-sonnet-4", "gpt-4o", "llama-3-70b"]),
        inputTokens: 1 + Math.floor(random() * 3000),
        outputTokens: Math.floor(random() * 800),
        // An exact decimal string from a whole number of micro-dollars; one call in twenty is unpriced.
        ...(random() < 0.05 ? {} : { costUsd: `0.${String(1 + Math.floor(random() * 50_000)).padStart(6, "0")}` }),
      };
      sent.push({ key, tenant, input });
      const r = await gql(api(i).url, tenant.key, RECORD, { i: input });
      const result = r.data?.recordUsage;
      if (r.errors || !result?.recorded) {
        failures.push(`call ${i} on :${api(i).port}: ${r.status} ${JSON.stringify(r.errors)}`);
        return;
      }
      acknowledged.set(key, { entryId: result.entry.id, allowed: result.allowed });
      // Every 50th call is retried on another process, as a client that lost the answer would.
      if (i % 50 === 7) {
        retried++;
        const again = await gql(api(i + 1).url, tenant.key, RECORD, { i: input });
        const a = again.data?.recordUsage;
        if (!a?.duplicate || a.entry.id !== result.entry.id || a.allowed !== result.allowed) {
          failures.push(`retry of ${key}: ${JSON.stringify(again)}`);
        } else duplicatesSeen++;
      }
    };

    const edits = new Map<string, { count: number; last: string }>();
    const editor = async () => {
      const edited = tenants.slice(0, 5);
      let n = 0;
      while (!loadDone) {
        const t = edited[n % edited.length]!;
        const limit = ["0.75", "1", "1.5", "2.25", "1.333333"][n % 5]!;
        const r = await gql(api(n).url, adminToken, SET_BUDGET, {
          i: { id: t.budgets.day, tenant: t.slug, name: "day", period: "DAY", limitCostUsd: limit, enforcement: "HARD" },
        });
        if (r.errors) failures.push(`setBudget ${t.slug}: ${JSON.stringify(r.errors)}`);
        else {
          const e = edits.get(t.slug) ?? { count: 0, last: "" };
          edits.set(t.slug, { count: e.count + 1, last: limit });
        }
        n++;
      }
    };

    const loadStarted = Date.now();
    const editing = editor();
    await pool(CALLS, CLIENTS, record);
    const loadMs = Date.now() - loadStarted;
    loadDone = true;
    await editing;

    // --- Idempotency storms: one key, ten concurrent sends, spread over the three processes --------------------
    const STORMS = 20;
    let stormProblems = 0;
    for (let s = 0; s < STORMS; s++) {
      const tenant = tenants[s % tenants.length]!;
      const input = { tenant: tenant.slug, idempotencyKey: `storm-${s}`, model: "gpt-4o", inputTokens: 100 + s, outputTokens: 7, costUsd: "0.012345" };
      const answers: GqlResult[] = await Promise.all(
        Array.from({ length: 10 }, (_, j) => gql(api(j).url, tenant.key, RECORD, { i: input })),
      );
      const results = answers.map((a) => a.data?.recordUsage);
      const firsts = results.filter((r) => r && r.duplicate === false).length;
      const dups = results.filter((r) => r && r.duplicate === true).length;
      const strip = (r: any) => JSON.stringify({ ...r, duplicate: undefined });
      const identical = results.every((r) => r && strip(r) === strip(results[0]));
      if (firsts !== 1 || dups !== 9 || !identical) {
        stormProblems++;
        console.error(`storm ${s}: ${firsts} first, ${dups} duplicate, identical=${identical}`, JSON.stringify(answers.map((a) => a.errors ?? null)));
      } else acknowledged.set(input.idempotencyKey, { entryId: results[0].entry.id, allowed: results[0].allowed });
    }

    // --- Checks, with straight SQL -----------------------------------------------------------------------------
    const client = await sql(db.url);
    const q = async (text: string, params?: unknown[]) => (await client.query(text, params as unknown[])).rows;
    const report = await checkLedger(q);
    const rowsByKey = new Map<string, string>();
    for (const r of await q(`SELECT idempotency_key, id::text FROM ledger_entries`)) rowsByKey.set(r.idempotency_key, r.id);
    let missing = 0;
    let wrongEntry = 0;
    for (const [key, ack] of acknowledged) {
      const id = rowsByKey.get(key);
      if (!id) missing++;
      else if (id !== ack.entryId) wrongEntry++;
    }
    const stormRows = Number((await q(`SELECT COUNT(*)::text AS n FROM ledger_entries WHERE idempotency_key LIKE 'storm-%'`))[0]!.n);
    let lostEdits = 0;
    for (const t of tenants.slice(0, 5)) {
      const e = edits.get(t.slug);
      if (!e) continue;
      const [b] = await q(`SELECT limit_cost_usd::text AS l, version FROM budgets WHERE id = $1::uuid`, [t.budgets.day]);
      const [a] = await q(
        `SELECT COUNT(*)::text AS n FROM audit_log WHERE entity_id = $1 AND action = 'budget.update'`,
        [t.budgets.day],
      );
      if (Number(b!.version) !== 1 + e.count || Number(a!.n) !== e.count || !eqDecimal(b!.l, e.last)) {
        lostEdits++;
        console.error(`budget edits of ${t.slug}: sent ${e.count} (last ${e.last}); version ${b!.version}, audit ${a!.n}, limit ${b!.l}`);
      }
    }
    await client.end();

    const summary = {
      seed: SEED,
      callsDriven: CALLS,
      acknowledged: acknowledged.size,
      failedCalls: failures.length,
      retriesAnsweredAsDuplicates: `${duplicatesSeen}/${retried}`,
      ledgerRows: report.rows,
      acknowledgedMissingFromLedger: missing,
      acknowledgedWithDifferentEntry: wrongEntry,
      counters: report.counters,
      counterMismatches: report.counterMismatches,
      budgetWindowsChecked: report.windowsChecked,
      runningTotalProblems: report.chainProblems.length,
      allowedRows: report.allowedRows,
      blockedRows: report.blockedRows,
      budgetEdits: [...edits.values()].reduce((n, e) => n + e.count, 0),
      lostBudgetEdits: lostEdits,
      idempotencyStorms: `${STORMS - stormProblems}/${STORMS} clean, ${stormRows} rows`,
      loadSeconds: Math.round(loadMs / 100) / 10,
      callsPerSecond: Math.round(CALLS / (loadMs / 1000)),
      totalSeconds: Math.round((Date.now() - started) / 1000),
    };
    console.log(JSON.stringify(summary, null, 2));
    for (const f of failures.slice(0, 10)) console.error(f);
    const ok =
      failures.length === 0 &&
      missing === 0 &&
      wrongEntry === 0 &&
      report.rows === acknowledged.size &&
      report.counterMismatches === 0 &&
      report.chainProblems.length === 0 &&
      lostEdits === 0 &&
      stormProblems === 0 &&
      stormRows === STORMS;
    if (!ok) fail("the ledger does not add up (see above)");
    console.log("OK: ledger rows == acknowledged calls, counters == ledger, allowed == running totals within caps");
  } finally {
    await Promise.all(apis.map((a) => stopApi(a)));
    if (process.env.KEEP_DB !== "1") await db.drop();
  }
}

function eqDecimal(a: string, b: string): boolean {
  return new Decimal(a).eq(b);
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
