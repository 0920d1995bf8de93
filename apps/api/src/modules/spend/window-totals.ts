// Ledger totals for many (tenant, window) pairs in ONE query: the loaders batch every window a request needs
// (the overview's today / month / sparkline days for all tenants, a budget's past windows) into a single
// aggregate over ledger_entries, so a page costs a fixed number of queries whatever the number of tenants.
import { Decimal, formatDecimal } from "@spendline/domain";
import type { Database } from "@spendline/db";

export interface WindowKey {
  tenantId: string;
  start: Date;
  end: Date | null;
}

export interface LedgerTotals {
  costUsd: Decimal;
  tokens: bigint;
  entries: bigint;
  blockedEntries: bigint;
  unpricedEntries: bigint;
}

export const windowKeyId = (k: WindowKey) =>
  `${k.tenantId}|${k.start.toISOString()}|${k.end?.toISOString() ?? ""}`;

export async function loadWindowTotals(db: Database, keys: readonly WindowKey[]): Promise<LedgerTotals[]> {
  // Windows travel as one JSON parameter: portable across PGlite and PostgreSQL drivers (no array binding).
  const spec = JSON.stringify(
    keys.map((k, i) => ({ i, t: k.tenantId, s: k.start.toISOString(), e: k.end?.toISOString() ?? null })),
  );
  const rows = await db.prisma.$queryRawUnsafe<
    { i: number; cost: string; tokens: string; entries: string; blocked: string; unpriced: string }[]
  >(
    `SELECT k.i,
            COALESCE(SUM(l.cost_usd), 0)::text AS cost,
            COALESCE(SUM(l.input_tokens + l.output_tokens), 0)::text AS tokens,
            COUNT(l.id)::text AS entries,
            COUNT(l.id) FILTER (WHERE NOT l.allowed)::text AS blocked,
            COUNT(l.id) FILTER (WHERE l.id IS NOT NULL AND l.cost_usd IS NULL)::text AS unpriced
       FROM jsonb_to_recordset($1::jsonb) AS k(i int, t uuid, s timestamptz, e timestamptz)
       LEFT JOIN ledger_entries l
         ON l.tenant_id = k.t AND l.occurred_at >= k.s AND (k.e IS NULL OR l.occurred_at < k.e)
      GROUP BY k.i`,
    spec,
  );
  const byIndex = new Map(rows.map((r) => [Number(r.i), r]));
  return keys.map((_k, i) => {
    const r = byIndex.get(i);
    if (!r) throw new Error(`BUG: no totals for window ${i}`);
    return {
      costUsd: new Decimal(formatDecimal(r.cost)),
      tokens: BigInt(r.tokens),
      entries: BigInt(r.entries),
      blockedEntries: BigInt(r.blocked),
      unpricedEntries: BigInt(r.unpriced),
    };
  });
}
