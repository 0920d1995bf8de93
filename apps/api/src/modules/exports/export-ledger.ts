// Ledger rows as CSV records, read in keyset pages per tenant: (occurred_at, id) > last row, LIMIT a page, on the
// (tenant_id, occurred_at) index. Memory holds one page whatever the size of the export, and the same SQL runs on
// PGlite and PostgreSQL through the one Prisma client.
import type { Context } from "../../graphql/context.ts";
import { toRecord, type Column } from "./csv-cells.ts";
import type { ExportRange } from "./export-params.ts";
import { tenantsOf, type ExportScope } from "./export-scope.ts";
import { utcText } from "./utc-text.ts";

/** Stable: documented in docs/exports.md; new columns go at the end. */
export const LEDGER_COLUMNS: readonly Column[] = [
  { name: "entry_id", kind: "text" },
  { name: "recorded_at", kind: "text" },
  { name: "occurred_at", kind: "text" },
  { name: "tenant_slug", kind: "text" },
  { name: "tenant_name", kind: "text" },
  { name: "provider", kind: "text" },
  { name: "model", kind: "text" },
  { name: "input_tokens", kind: "number" },
  { name: "output_tokens", kind: "number" },
  { name: "cache_read_tokens", kind: "number" },
  { name: "cache_write_tokens", kind: "number" },
  { name: "reasoning_tokens", kind: "number" },
  { name: "cost_usd", kind: "number" },
  { name: "cost_source", kind: "text" },
  { name: "allowed", kind: "text" },
  { name: "idempotency_key", kind: "text" },
  { name: "api_key_name", kind: "text" },
  { name: "metadata", kind: "text" },
];

export const LEDGER_PAGE = 500;

interface LedgerRow {
  id: string;
  recorded_at: string;
  occurred_at: string;
  provider: string | null;
  model: string;
  input_tokens: string;
  output_tokens: string;
  cache_read_tokens: string;
  cache_write_tokens: string;
  reasoning_tokens: string;
  cost_usd: string | null;
  cost_source: string;
  allowed: string;
  idempotency_key: string | null;
  api_key_name: string | null;
  metadata: string | null;
}

// trim_scale: the canonical decimal as stored (NUMERIC(38,18) without its padding zeros), never a float.
const SELECT = `SELECT l.id::text AS id, ${utcText("l.recorded_at")} AS recorded_at,
    ${utcText("l.occurred_at")} AS occurred_at, l.provider, l.model,
    l.input_tokens::text AS input_tokens, l.output_tokens::text AS output_tokens,
    l.cache_read_tokens::text AS cache_read_tokens, l.cache_write_tokens::text AS cache_write_tokens,
    l.reasoning_tokens::text AS reasoning_tokens, trim_scale(l.cost_usd)::text AS cost_usd,
    l.cost_source::text AS cost_source, l.allowed::text AS allowed, l.idempotency_key, k.name AS api_key_name,
    l.metadata::text AS metadata
  FROM ledger_entries l
  LEFT JOIN api_keys k ON k.tenant_id = l.tenant_id AND k.id = l.api_key_id
  WHERE l.tenant_id = $1::uuid AND l.occurred_at >= $2::timestamptz AND l.occurred_at < $3::timestamptz
    AND l.recorded_at <= $4::timestamptz`;
const ORDER = `ORDER BY l.occurred_at, l.id LIMIT ${LEDGER_PAGE}`;
const FIRST_PAGE = `${SELECT} ${ORDER}`;
// The redundant occurred_at >= keeps the index range tight; the row comparison breaks ties on id.
const NEXT_PAGE = `${SELECT} AND l.occurred_at >= $5::timestamptz AND (l.occurred_at, l.id) > ($5::timestamptz, $6::uuid) ${ORDER}`;

export interface LedgerExportOptions {
  scope: ExportScope;
  range: ExportRange;
  /** Only entries recorded up to this instant: the export is a fixed cut even while usage keeps arriving. */
  asOf: string;
}

/** CSV records (header excluded) of every ledger entry in scope, one page at a time: tenant by tenant (slug
 * order), then by occurred_at and id. */
export async function* exportLedger(
  ctx: Pick<Context, "db">,
  options: LedgerExportOptions,
): AsyncGenerator<string[][]> {
  const { range, asOf } = options;
  for await (const tenant of tenantsOf(ctx, options.scope)) {
    let last: LedgerRow | undefined;
    for (;;) {
      const page: LedgerRow[] = last
        ? await ctx.db.prisma.$queryRawUnsafe(
            NEXT_PAGE,
            tenant.id,
            range.from,
            range.to,
            asOf,
            last.occurred_at,
            last.id,
          )
        : await ctx.db.prisma.$queryRawUnsafe(FIRST_PAGE, tenant.id, range.from, range.to, asOf);
      yield page.map((r) =>
        toRecord(LEDGER_COLUMNS, [
          r.id,
          r.recorded_at,
          r.occurred_at,
          tenant.slug,
          tenant.name,
          r.provider,
          r.model,
          r.input_tokens,
          r.output_tokens,
          r.cache_read_tokens,
          r.cache_write_tokens,
          r.reasoning_tokens,
          r.cost_usd,
          r.cost_source,
          r.allowed,
          r.idempotency_key,
          r.api_key_name,
          r.metadata,
        ]),
      );
      if (page.length < LEDGER_PAGE) break;
      last = page[page.length - 1];
    }
  }
}
