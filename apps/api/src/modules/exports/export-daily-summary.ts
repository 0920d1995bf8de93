// Per tenant, per local calendar day: calls, tokens, spend, spend recorded over a HARD cap, blocked calls. One
// GROUP BY per tenant (at most one row per day of the range), tenants walked a page at a time.
import type { Context } from "../../graphql/context.ts";
import { toRecord, type Column } from "./csv-cells.ts";
import type { ExportRange, SummaryZone } from "./export-params.ts";
import { tenantsOf, type ExportScope } from "./export-scope.ts";

/** Stable: documented in docs/exports.md; new columns go at the end. */
export const DAILY_SUMMARY_COLUMNS: readonly Column[] = [
  { name: "day", kind: "text" },
  { name: "timezone", kind: "text" },
  { name: "tenant_slug", kind: "text" },
  { name: "tenant_name", kind: "text" },
  { name: "calls", kind: "number" },
  { name: "input_tokens", kind: "number" },
  { name: "output_tokens", kind: "number" },
  { name: "total_tokens", kind: "number" },
  { name: "cost_usd", kind: "number" },
  { name: "unpriced_calls", kind: "number" },
  { name: "over_hard_cap_cost_usd", kind: "number" },
  { name: "blocked_calls", kind: "number" },
];

interface DayRow {
  day: string;
  calls: string;
  input_tokens: string;
  output_tokens: string;
  total_tokens: string;
  cost_usd: string;
  unpriced_calls: string;
  over_hard_cap_cost_usd: string;
  blocked_calls: string;
}

// The over-cap part of one entry, from the decision snapshot it was recorded with (the statuses of the enabled
// budgets *after* this usage): for each HARD budget with a cost limit, LEAST(cost, used - limit) when positive;
// the entry's part is the largest of those (the same dollars over two caps are counted once). Unpriced entries add
// no cost and therefore nothing over a cap (LEAST would skip a NULL cost, hence the explicit guard). Token-only
// caps are not converted into dollars. docs/exports.md states this definition.
const OVER_HARD_CAP = `(SELECT MAX(GREATEST(0, LEAST(l.cost_usd,
      (d->>'usedCostUsd')::numeric - (d->>'limitCostUsd')::numeric)))
    FROM jsonb_array_elements(l.decision) d
    WHERE l.cost_usd IS NOT NULL AND d->>'enforcement' = 'HARD' AND d->>'limitCostUsd' IS NOT NULL)`;

// $4 is the IANA zone the days are counted in; its local midnights bound the range, so the (tenant_id,
// occurred_at) index narrows the scan.
const SQL = `SELECT to_char((l.occurred_at AT TIME ZONE $4)::date, 'YYYY-MM-DD') AS day,
    COUNT(*)::text AS calls,
    SUM(l.input_tokens)::text AS input_tokens, SUM(l.output_tokens)::text AS output_tokens,
    SUM(l.input_tokens + l.output_tokens)::text AS total_tokens,
    trim_scale(COALESCE(SUM(l.cost_usd), 0))::text AS cost_usd,
    COUNT(*) FILTER (WHERE l.cost_usd IS NULL)::text AS unpriced_calls,
    trim_scale(COALESCE(SUM(${OVER_HARD_CAP}), 0))::text AS over_hard_cap_cost_usd,
    COUNT(*) FILTER (WHERE NOT l.allowed)::text AS blocked_calls
  FROM ledger_entries l
  WHERE l.tenant_id = $1::uuid
    AND l.occurred_at >= ($2::date)::timestamp AT TIME ZONE $4
    AND l.occurred_at < ($3::date)::timestamp AT TIME ZONE $4
    AND l.recorded_at <= $5::timestamptz
  GROUP BY 1 ORDER BY 1`;

export interface DailySummaryExportOptions {
  scope: ExportScope;
  /** Local calendar dates, half-open. */
  range: ExportRange;
  zone: SummaryZone;
  asOf: string;
}

/** CSV records (header excluded), one tenant's days per page: tenants in slug order, days ascending; days
 * without usage are left out. */
export async function* exportDailySummary(
  ctx: Pick<Context, "db">,
  options: DailySummaryExportOptions,
): AsyncGenerator<string[][]> {
  const { range, asOf } = options;
  for await (const tenant of tenantsOf(ctx, options.scope)) {
    const timezone = options.zone === "UTC" ? "UTC" : tenant.timezone;
    const days = await ctx.db.prisma.$queryRawUnsafe<DayRow[]>(
      SQL,
      tenant.id,
      range.from,
      range.to,
      timezone,
      asOf,
    );
    yield days.map((d) =>
      toRecord(DAILY_SUMMARY_COLUMNS, [
        d.day,
        timezone,
        tenant.slug,
        tenant.name,
        d.calls,
        d.input_tokens,
        d.output_tokens,
        d.total_tokens,
        d.cost_usd,
        d.unpriced_calls,
        d.over_hard_cap_cost_usd,
        d.blocked_calls,
      ]),
    );
  }
}
