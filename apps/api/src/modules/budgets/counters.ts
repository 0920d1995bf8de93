// Budget window counters: derived from the ledger and kept equal to it. A counter row exists once a window has
// seen a usage; the first usage of a window (or the first after a budget's period changed) creates it from
// SUM(ledger) over the window, so usage recorded before the budget existed counts.
import { Decimal, type BudgetWindow } from "@spendline/domain";
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

export interface UsageDelta {
  /** Null: unpriced (counts in tokens and in the unpriced tallies, not in dollars). */
  costUsd: Decimal | null;
  tokens: bigint;
}

interface TotalsRow {
  budget_id: string;
  used_cost_usd: string;
  used_tokens: string;
  entries: string;
  unpriced_entries: string;
  unpriced_tokens: string;
}

const TOTALS_COLUMNS = `budget_id::text, used_cost_usd::text, used_tokens::text, entries::text,
  unpriced_entries::text, unpriced_tokens::text`;

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

/**
 * Adds one usage to the counters of the given budget windows and returns their totals after it. Runs inside the
 * usage's transaction, before its ledger row is inserted, and locks each counter row until commit.
 */
export async function addToCounters(
  tx: Tx,
  tenantId: string,
  refs: BudgetWindowRef[],
  delta: UsageDelta,
): Promise<Map<string, WindowTotals>> {
  const result = new Map<string, WindowTotals>();
  if (refs.length === 0) return result;
  const cost = delta.costUsd?.toFixed() ?? "0";
  const unpriced = delta.costUsd === null ? 1 : 0;
  const unpricedTokens = delta.costUsd === null ? delta.tokens : 0n;
  const common = [tenantId, cost, delta.tokens.toString(), unpriced, unpricedTokens.toString()];

  // Common case: every counter exists. One statement for all of them.
  const values = refs.map((_, i) => `($${6 + 2 * i}::uuid, $${7 + 2 * i}::timestamptz)`).join(", ");
  const updated = await tx.$queryRawUnsafe<TotalsRow[]>(
    `UPDATE budget_counters c SET
       used_cost_usd = c.used_cost_usd + $2::numeric,
       used_tokens = c.used_tokens + $3::bigint,
       entries = c.entries + 1,
       unpriced_entries = c.unpriced_entries + $4::int,
       unpriced_tokens = c.unpriced_tokens + $5::bigint
     FROM (VALUES ${values}) AS w(budget_id, window_start)
     WHERE c.tenant_id = $1::uuid AND c.budget_id = w.budget_id AND c.window_start = w.window_start
     RETURNING ${TOTALS_COLUMNS.replaceAll(/(^|,\s*)(\w+)/g, "$1c.$2")}`,
    ...common,
    ...refs.flatMap((r) => [r.budgetId, r.window.start]),
  );
  for (const row of updated) result.set(row.budget_id, toTotals(row));

  // First usage of a window: create its counter from the ledger as it stands (this usage's row is not in it yet).
  // A concurrent creator makes ON CONFLICT add only this usage's delta to the row it created.
  for (const ref of refs) {
    if (result.has(ref.budgetId)) continue;
    const [row] = await tx.$queryRawUnsafe<TotalsRow[]>(
      `INSERT INTO budget_counters AS c (tenant_id, budget_id, window_start, window_end,
         used_cost_usd, used_tokens, entries, unpriced_entries, unpriced_tokens)
       SELECT $1::uuid, $6::uuid, $2::timestamptz, $3::timestamptz,
         s.used_cost_usd + $4::numeric, s.used_tokens + $5::bigint, s.entries + 1,
         s.unpriced_entries + $7::int, s.unpriced_tokens + $8::bigint
       FROM (SELECT ${LEDGER_WINDOW_SUMS}) s
       ON CONFLICT (tenant_id, budget_id, window_start) DO UPDATE SET
         used_cost_usd = c.used_cost_usd + $4::numeric,
         used_tokens = c.used_tokens + $5::bigint,
         entries = c.entries + 1,
         unpriced_entries = c.unpriced_entries + $7::int,
         unpriced_tokens = c.unpriced_tokens + $8::bigint
       RETURNING ${TOTALS_COLUMNS.replaceAll(/(^|,\s*)(\w+)/g, "$1c.$2")}`,
      tenantId,
      ref.window.start,
      ref.window.end,
      cost,
      delta.tokens.toString(),
      ref.budgetId,
      unpriced,
      unpricedTokens.toString(),
    );
    if (!row) throw new Error("BUG: counter upsert returned no row");
    result.set(ref.budgetId, toTotals(row));
  }
  return result;
}

type Reader = Pick<Tx, "$queryRawUnsafe">;

/** A window's totals without writing: its counter if it has one, else the ledger's sums. */
export async function readWindowTotals(db: Reader, tenantId: string, ref: BudgetWindowRef): Promise<WindowTotals> {
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
