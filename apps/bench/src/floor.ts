// The floor: the same per-usage transaction the API performs (one counter update and one ledger insert, committed),
// issued straight to the database with no HTTP, GraphQL or ORM in between, at the same concurrency. A figure's
// ratio to its floor says how much of the database's speed the API delivers. For recordUsageBatch the floor is the
// batched form of the same transaction: the batch's counter update and its rows in one multi-row INSERT.
import crypto from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TraceRow } from "./trace.ts";

export interface FloorResult {
  txPerSec: number;
  /** Usages per transaction (1, or the batch size) times txPerSec. */
  usagesPerSec: number;
  usagesPerTx: number;
  p50Ms: number;
  p99Ms: number;
  transactions: number;
  failed: number;
  seconds: number;
}

interface CounterTarget {
  tenantId: string;
  budgetId: string;
  windowStart: Date;
}

const COUNTERS = `SELECT DISTINCT ON (tenant_id) tenant_id::text, budget_id::text, window_start
  FROM budget_counters WHERE tenant_id = ANY($1::uuid[]) ORDER BY tenant_id, window_start DESC`;

const UPDATE_COUNTER = `UPDATE budget_counters SET used_cost_usd = used_cost_usd + $4::numeric,
  used_tokens = used_tokens + $5::bigint, entries = entries + $6::bigint
  WHERE tenant_id = $1::uuid AND budget_id = $2::uuid AND window_start = $3::timestamptz
  RETURNING used_cost_usd::text, used_tokens::text`;

const INSERT_LEDGER = `INSERT INTO ledger_entries (tenant_id, id, idempotency_key, request_hash, model, provider,
  input_tokens, output_tokens, cost_usd, cost_source, occurred_at, allowed, decision)
  VALUES ($1::uuid, $2::uuid, $3, 'floor', 'gpt-4o', 'azure', $4, $5, $6::numeric, 'REPORTED', now(), true, '[]'::jsonb)`;

/** The batched form: one INSERT of many rows (array parameters, one per column). */
const INSERT_LEDGER_BATCH = `INSERT INTO ledger_entries (tenant_id, id, idempotency_key, request_hash, model, provider,
  input_tokens, output_tokens, cost_usd, cost_source, occurred_at, allowed, decision)
  SELECT $1::uuid, id, key, 'floor', 'gpt-4o', 'azure', i, o, c, 'REPORTED', now(), true, '[]'::jsonb
  FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::bigint[], $6::numeric[]) AS u(id, key, i, o, c)`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}

interface Runner {
  query(sql: string, params: unknown[]): Promise<{ rows: any[] }>;
  /** Usages of one tenant: one counter update + their ledger rows in one committed transaction. */
  usages(target: CounterTarget, rows: TraceRow[], keys: string[]): Promise<void>;
  close(): Promise<void>;
}

async function drive(
  runner: Runner,
  tenantIds: string[],
  trace: TraceRow[],
  connections: number,
  seconds: number,
  batchSize: number,
): Promise<FloorResult> {
  const { rows } = await runner.query(COUNTERS, [tenantIds]);
  const targets: CounterTarget[] = rows.map((r) => ({
    tenantId: r.tenant_id,
    budgetId: r.budget_id,
    windowStart: r.window_start,
  }));
  if (targets.length !== tenantIds.length)
    throw new Error(`floor: ${targets.length} counters for ${tenantIds.length} tenants`);
  const run = crypto.randomBytes(4).toString("hex");
  const latencies: number[] = [];
  let n = 0;
  let failed = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const i = n++;
        const t0 = performance.now();
        try {
          const rows = Array.from(
            { length: batchSize },
            (_, j) => trace[(i * batchSize + j) % trace.length]!,
          );
          const keys = rows.map((_, j) => `floor-${run}-${i}-${j}`);
          await runner.usages(targets[i % targets.length]!, rows, keys);
          latencies.push(performance.now() - t0);
        } catch (e) {
          if (failed++ < 3) console.error(`  floor failure: ${(e as Error).message}`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    txPerSec: Math.round(latencies.length / elapsed),
    usagesPerSec: Math.round((latencies.length * batchSize) / elapsed),
    usagesPerTx: batchSize,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    transactions: latencies.length,
    failed,
    seconds: Math.round(elapsed * 100) / 100,
  };
}

const sumTokens = (rows: TraceRow[]) => rows.reduce((n, r) => n + r.inputTokens + r.outputTokens, 0);
/** Exact: the trace's costs have exactly six fractional digits (trace.ts), so they add up as integer micro-dollars. */
const sumCost = (rows: TraceRow[]) => {
  const micros = rows
    .reduce((n, r) => n + BigInt(r.costUsd.replace(".", "")), 0n)
    .toString()
    .padStart(7, "0");
  return `${micros.slice(0, -6)}.${micros.slice(-6)}`;
};
const batchValues = (t: CounterTarget, rows: TraceRow[], keys: string[]) => [
  t.tenantId,
  rows.map(() => crypto.randomUUID()),
  keys,
  rows.map((r) => r.inputTokens),
  rows.map((r) => r.outputTokens),
  rows.map((r) => r.costUsd),
];

export interface FloorOptions {
  tenantIds: string[];
  trace: TraceRow[];
  connections: number;
  seconds: number;
  /** Usages per transaction: 1 (recordUsage's floor) or recordUsageBatch's size. */
  batchSize: number;
}

export async function postgresFloor(options: FloorOptions & { url: string }): Promise<FloorResult> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.connections });
  const runner: Runner = {
    query: (sql, params) => pool.query(sql, params),
    async usages(t, rows, keys) {
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        await c.query({
          name: "floor-counter",
          text: UPDATE_COUNTER,
          values: [t.tenantId, t.budgetId, t.windowStart, sumCost(rows), sumTokens(rows), rows.length],
        });
        if (rows.length === 1) {
          const row = rows[0]!;
          await c.query({
            name: "floor-ledger",
            text: INSERT_LEDGER,
            values: [
              t.tenantId,
              crypto.randomUUID(),
              keys[0],
              row.inputTokens,
              row.outputTokens,
              row.costUsd,
            ],
          });
        } else {
          await c.query({
            name: "floor-ledger-batch",
            text: INSERT_LEDGER_BATCH,
            values: batchValues(t, rows, keys),
          });
        }
        await c.query("COMMIT");
      } catch (e) {
        await c.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    close: () => pool.end(),
  };
  try {
    return await drive(
      runner,
      options.tenantIds,
      options.trace,
      options.connections,
      options.seconds,
      options.batchSize,
    );
  } finally {
    await runner.close();
  }
}

/** PGlite runs one statement at a time in-process; "connections" are concurrent callers queueing on it. */
export async function pgliteFloor(options: FloorOptions & { dataDir: string }): Promise<FloorResult> {
  const db = new PGlite({ dataDir: options.dataDir });
  await db.waitReady;
  const runner: Runner = {
    query: (sql, params) => db.query(sql, params),
    async usages(t, rows, keys) {
      await db.transaction(async (tx) => {
        await tx.query(UPDATE_COUNTER, [
          t.tenantId,
          t.budgetId,
          t.windowStart,
          sumCost(rows),
          sumTokens(rows),
          rows.length,
        ]);
        if (rows.length === 1) {
          const row = rows[0]!;
          await tx.query(INSERT_LEDGER, [
            t.tenantId,
            crypto.randomUUID(),
            keys[0],
            row.inputTokens,
            row.outputTokens,
            row.costUsd,
          ]);
        } else {
          await tx.query(INSERT_LEDGER_BATCH, batchValues(t, rows, keys));
        }
      });
    },
    close: () => db.close(),
  };
  try {
    return await drive(
      runner,
      options.tenantIds,
      options.trace,
      options.connections,
      options.seconds,
      options.batchSize,
    );
  } finally {
    await runner.close();
  }
}
