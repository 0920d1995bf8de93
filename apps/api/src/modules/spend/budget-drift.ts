// The drift chart's data: the ledger's running total through a budget's current window, with the entries that
// were recorded with allowed: false marked. Up to MAX_POINTS entries come one point each; a busier window is
// grouped into time buckets (the running total stays exact: it is summed in Decimal from exact bucket sums).
import { Decimal, formatDecimal, windowFor } from "@spendline/domain";
import type { Budget, Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";

export const MAX_POINTS = 1000;
const BUCKETS = 288;

interface Row {
  at: Date;
  cost: string | null;
  entries: number;
  blocked: number;
  unpriced: number;
}

export async function budgetDrift(
  ctx: Pick<Context, "db" | "loaders">,
  tenant: Tenant,
  budget: Budget,
  now = new Date(),
) {
  const window = windowFor(budget.period, tenant.timezone, now, budget.startsAt);
  const totals = await ctx.loaders.windowTotals.load({ tenantId: tenant.id, ...window });
  const params = [tenant.id, window.start, window.end] as const;
  const inWindow = `tenant_id = $1::uuid AND occurred_at >= $2::timestamptz AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz)`;
  let rows: Row[];
  let bucketSeconds: number | null = null;
  if (totals.entries <= BigInt(MAX_POINTS)) {
    rows = await ctx.db.prisma.$queryRawUnsafe<Row[]>(
      `SELECT occurred_at AS at, cost_usd::text AS cost, 1 AS entries,
              (CASE WHEN allowed THEN 0 ELSE 1 END) AS blocked, (CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END) AS unpriced
         FROM ledger_entries WHERE ${inWindow} ORDER BY occurred_at, id`,
      ...params,
    );
  } else {
    const [first] = await ctx.db.prisma.$queryRawUnsafe<{ at: Date }[]>(
      `SELECT MIN(occurred_at) AS at FROM ledger_entries WHERE ${inWindow}`,
      ...params,
    );
    const from = first!.at;
    const until = window.end && window.end < now ? window.end : now;
    bucketSeconds = Math.max(1, Math.ceil((until.getTime() - from.getTime()) / 1000 / BUCKETS));
    rows = await ctx.db.prisma.$queryRawUnsafe<Row[]>(
      `SELECT MAX(occurred_at) AS at, SUM(cost_usd)::text AS cost, COUNT(*)::int AS entries,
              (COUNT(*) FILTER (WHERE NOT allowed))::int AS blocked, (COUNT(*) FILTER (WHERE cost_usd IS NULL))::int AS unpriced
         FROM ledger_entries WHERE ${inWindow}
        GROUP BY floor(extract(epoch FROM occurred_at - $4::timestamptz) / $5::int)
        ORDER BY 1`,
      ...params,
      from,
      bucketSeconds,
    );
  }
  let running = new Decimal(0);
  const points = rows.map((r) => {
    if (r.cost !== null) running = running.plus(r.cost);
    return {
      at: r.at,
      costUsd: r.cost === null ? null : formatDecimal(r.cost),
      cumulativeCostUsd: formatDecimal(running),
      entries: Number(r.entries),
      blockedEntries: Number(r.blocked),
      unpricedEntries: Number(r.unpriced),
    };
  });
  const limit = budget.limitCostUsd === null ? null : new Decimal(budget.limitCostUsd.toFixed());
  return {
    windowStart: window.start,
    windowEnd: window.end,
    limitCostUsd: limit === null ? null : formatDecimal(limit),
    usedCostUsd: formatDecimal(totals.costUsd),
    overCapUsd: limit === null ? null : formatDecimal(Decimal.max(0, totals.costUsd.minus(limit))),
    entries: totals.entries.toString(),
    blockedEntries: totals.blockedEntries.toString(),
    bucketSeconds,
    points,
  };
}
