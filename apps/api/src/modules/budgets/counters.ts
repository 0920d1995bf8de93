// Budget window counters: derived from the ledger and kept equal to it. A counter row exists once a window has
// seen a usage; the first usage of a window (or the first after a budget's period changed) creates it from
// SUM(ledger) over the window, so usage recorded before the budget existed counts.
import { Decimal, type BudgetWindow } from "@spendline/domain";
import type { SqlQuery } from "@spendline/db";
import type { Tx } from "../common/tx.ts";

export interface WindowTotals {
  usedCostUsd: Decimal;
  usedTokens: bigint;
  entries: bigint;
  unpricedEntries: bigint;
  unpricedTokens: bigint;
}

export interface BudgetWindowRef {
  budgetId: string;
  window: BudgetWindow;
}

interface TotalsRow {
  budget_id: string;
  used_cost_usd: string;
  used_tokens: string;
  entries: string;
  unpriced_entries: string;
  unpriced_tokens: string;
}

const TOTALS_FIELDS = ["budget_id", "used_cost_usd", "used_tokens", "entries", "unpriced_entries", "unpriced_tokens"];
/** The totals columns as text (exact numerics), optionally qualified by a table alias; built once, not per query. */
const totalsColumns = (alias = "") => TOTALS_FIELDS.map((f) => `${alias}${f}::text AS ${f}`).join(", ");
const TOTALS_COLUMNS = totalsColumns();
const COUNTER_TOTALS_COLUMNS = totalsColumns("c.");

function toTotals(r: TotalsRow): WindowTotals {
  return {
    usedCostUsd: new Decimal(r.used_cost_usd),
    usedTokens: BigInt(r.used_tokens),
    entries: BigInt(r.entries),
    unpricedEntries: BigInt(r.unpriced_entries),
    unpricedTokens: BigInt(r.unpriced_tokens),
  };
}

export const ZERO_TOTALS: WindowTotals = {
  usedCostUsd: new Decimal(0),
  usedTokens: 0n,
  entries: 0n,
  unpricedEntries: 0n,
  unpricedTokens: 0n,
};

/** SQL for the ledger totals of one tenant over [start, end): used to create a counter and to read a window that
 * has none. Parameters: $1 tenant, $2 start, $3 end (nullable). */
const LEDGER_WINDOW_SUMS = `
  COALESCE(SUM(cost_usd), 0) AS used_cost_usd,
  COALESCE(SUM(input_tokens + output_tokens), 0) AS used_tokens,
  COUNT(*) AS entries,
  COUNT(*) FILTER (WHERE cost_usd IS NULL) AS unpriced_entries,
  COALESCE(SUM(input_tokens + output_tokens) FILTER (WHERE cost_usd IS NULL), 0) AS unpriced_tokens
  FROM ledger_entries
  WHERE tenant_id = $1::uuid AND occurred_at >= $2::timestamptz AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz)`;

/** What a batch of usages adds to one budget window's counter. */
export interface CounterDelta {
  ref: BudgetWindowRef;
  costUsd: Decimal;
  tokens: bigint;
  entries: bigint;
  unpricedEntries: bigint;
  unpricedTokens: bigint;
}

export function emptyDelta(ref: BudgetWindowRef): CounterDelta {
  return { ref, costUsd: new Decimal(0), tokens: 0n, entries: 0n, unpricedEntries: 0n, unpricedTokens: 0n };
}

/** A counter delta plus one usage (cost null: unpriced, counted in tokens and in the unpriced tallies). */
export function deltaPlus(d: CounterDelta, costUsd: Decimal | null, tokens: bigint): CounterDelta {
  return {
    ref: d.ref,
    costUsd: costUsd === null ? d.costUsd : d.costUsd.plus(costUsd),
    tokens: d.tokens + tokens,
    entries: d.entries + 1n,
    unpricedEntries: d.unpricedEntries + (costUsd === null ? 1n : 0n),
    unpricedTokens: d.unpricedTokens + (costUsd === null ? tokens : 0n),
  };
}

/** Window totals plus one usage: the running total a caller's `allowed` is decided on. */
export function totalsPlus(t: WindowTotals, costUsd: Decimal | null, tokens: bigint): WindowTotals {
  return {
    usedCostUsd: costUsd === null ? t.usedCostUsd : t.usedCostUsd.plus(costUsd),
    usedTokens: t.usedTokens + tokens,
    entries: t.entries + 1n,
    unpricedEntries: t.unpricedEntries + (costUsd === null ? 1n : 0n),
    unpricedTokens: t.unpricedTokens + (costUsd === null ? tokens : 0n),
  };
}

function minus(after: WindowTotals, d: CounterDelta): WindowTotals {
  return {
    usedCostUsd: after.usedCostUsd.minus(d.costUsd),
    usedTokens: after.usedTokens - d.tokens,
    entries: after.entries - d.entries,
    unpricedEntries: after.unpricedEntries - d.unpricedEntries,
    unpricedTokens: after.unpricedTokens - d.unpricedTokens,
  };
}

const counterKey = (tenantId: string, budgetId: string, start: Date) =>
  `${tenantId}/${budgetId}/${start.getTime()}`;

/** The key of a budget window's counter in the maps `applyCounterDeltas` returns. */
export function counterKeyOf(tenantId: string, ref: BudgetWindowRef): string {
  return counterKey(tenantId, ref.budgetId, ref.window.start);
}

/**
 * Adds a batch's deltas to their counters and returns each counter's totals from BEFORE the batch, keyed by
 * `counterKeyOf`. Runs inside the batch's transaction, before its ledger rows are inserted, and leaves every
 * counter row locked until commit, so concurrent batches of the same tenant apply in commit order.
 *
 * Rows are locked in one fixed order (tenant, budget, window) so two batches touching the same counters cannot
 * deadlock. A counter that does not exist yet (first usage of a window, or of a budget created or re-periodised
 * mid-window) is created from SUM(ledger) over its window: usage recorded before the budget existed counts.
 */
export async function applyCounterDeltas(
  tx: SqlQuery,
  deltas: { tenantId: string; delta: CounterDelta }[],
): Promise<Map<string, WindowTotals>> {
  const before = new Map<string, WindowTotals>();
  if (deltas.length === 0) return before;
  const sorted = [...deltas].sort(
    (a, b) =>
      compare(a.tenantId, b.tenantId) ||
      compare(a.delta.ref.budgetId, b.delta.ref.budgetId) ||
      a.delta.ref.window.start.getTime() - b.delta.ref.window.start.getTime(),
  );
  const column = <T>(f: (d: { tenantId: string; delta: CounterDelta }, i: number) => T) => sorted.map(f);
  // Common case: every counter exists. One statement locks them in order and adds the deltas; array parameters
  // keep its text constant, so PostgreSQL plans it once per connection. The locks are taken row by row through
  // the primary key, in the order of the (sorted) arrays: a plan that joined the whole table instead took them in
  // whatever order the join produced, and scanned every counter of every tenant.
  const updated = await tx.$queryRawUnsafe<(TotalsRow & { i: number })[]>(
    `WITH d AS (
       SELECT * FROM unnest($1::int[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::numeric[], $6::bigint[],
         $7::bigint[], $8::bigint[], $9::bigint[])
         AS d(i, tenant_id, budget_id, window_start, cost, tokens, entries, unpriced_entries, unpriced_tokens)),
     locked AS MATERIALIZED (
       SELECT d.i FROM d CROSS JOIN LATERAL (
         SELECT FROM budget_counters c
         WHERE c.tenant_id = d.tenant_id AND c.budget_id = d.budget_id AND c.window_start = d.window_start
         FOR UPDATE) l)
     UPDATE budget_counters c SET
       used_cost_usd = c.used_cost_usd + d.cost,
       used_tokens = c.used_tokens + d.tokens,
       entries = c.entries + d.entries,
       unpriced_entries = c.unpriced_entries + d.unpriced_entries,
       unpriced_tokens = c.unpriced_tokens + d.unpriced_tokens
     FROM d JOIN locked l ON l.i = d.i
     WHERE c.tenant_id = d.tenant_id AND c.budget_id = d.budget_id AND c.window_start = d.window_start
     RETURNING d.i, ${COUNTER_TOTALS_COLUMNS}`,
    column((_, i) => i),
    column((d) => d.tenantId),
    column((d) => d.delta.ref.budgetId),
    column((d) => d.delta.ref.window.start),
    column((d) => d.delta.costUsd.toFixed()),
    column((d) => d.delta.tokens.toString()),
    column((d) => d.delta.entries.toString()),
    column((d) => d.delta.unpricedEntries.toString()),
    column((d) => d.delta.unpricedTokens.toString()),
  );
  const done = new Set<number>();
  for (const row of updated) {
    const { tenantId, delta } = sorted[row.i]!;
    before.set(counterKeyOf(tenantId, delta.ref), minus(toTotals(row), delta));
    done.add(row.i);
  }

  // First usage of a window: create its counter from the ledger as it stands (this batch's rows are not in it
  // yet). A concurrent creator makes ON CONFLICT add only this batch's delta to the row it created.
  for (const [i, { tenantId, delta: d }] of sorted.entries()) {
    if (done.has(i)) continue;
    const [row] = await tx.$queryRawUnsafe<TotalsRow[]>(
      `INSERT INTO budget_counters AS c (tenant_id, budget_id, window_start, window_end,
         used_cost_usd, used_tokens, entries, unpriced_entries, unpriced_tokens)
       SELECT $1::uuid, $6::uuid, $2::timestamptz, $3::timestamptz,
         s.used_cost_usd + $4::numeric, s.used_tokens + $5::bigint, s.entries + $7::bigint,
         s.unpriced_entries + $8::bigint, s.unpriced_tokens + $9::bigint
       FROM (SELECT ${LEDGER_WINDOW_SUMS}) s
       ON CONFLICT (tenant_id, budget_id, window_start) DO UPDATE SET
         used_cost_usd = c.used_cost_usd + $4::numeric,
         used_tokens = c.used_tokens + $5::bigint,
         entries = c.entries + $7::bigint,
         unpriced_entries = c.unpriced_entries + $8::bigint,
         unpriced_tokens = c.unpriced_tokens + $9::bigint
       RETURNING ${COUNTER_TOTALS_COLUMNS}`,
      tenantId,
      d.ref.window.start,
      d.ref.window.end,
      d.costUsd.toFixed(),
      d.tokens.toString(),
      d.ref.budgetId,
      d.entries.toString(),
      d.unpricedEntries.toString(),
      d.unpricedTokens.toString(),
    );
    if (!row) throw new Error("BUG: counter upsert returned no row");
    before.set(counterKeyOf(tenantId, d.ref), minus(toTotals(row), d));
  }
  return before;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Reader = Pick<Tx, "$queryRawUnsafe">;

/** A window's totals without writing: its counter if it has one, else the ledger's sums. */
export async function readWindowTotals(
  db: Reader,
  tenantId: string,
  ref: BudgetWindowRef,
): Promise<WindowTotals> {
  const [counter] = await db.$queryRawUnsafe<TotalsRow[]>(
    `SELECT ${TOTALS_COLUMNS} FROM budget_counters
     WHERE tenant_id = $1::uuid AND budget_id = $2::uuid AND window_start = $3::timestamptz`,
    tenantId,
    ref.budgetId,
    ref.window.start,
  );
  if (counter) return toTotals(counter);
  const [sums] = await db.$queryRawUnsafe<Omit<TotalsRow, "budget_id">[]>(
    `SELECT used_cost_usd::text, used_tokens::text, entries::text, unpriced_entries::text, unpriced_tokens::text
     FROM (SELECT ${LEDGER_WINDOW_SUMS}) s`,
    tenantId,
    ref.window.start,
    ref.window.end,
  );
  return sums ? toTotals({ ...sums, budget_id: ref.budgetId }) : ZERO_TOTALS;
}

/** Drops a budget's counters: they are derived, and are rebuilt from the ledger on next use. Call with the
 * tenant's budget lock held exclusively. */
export async function resetCounters(tx: Tx, tenantId: string, budgetId: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `DELETE FROM budget_counters WHERE tenant_id = $1::uuid AND budget_id = $2::uuid`,
    tenantId,
    budgetId,
  );
}
