// Cursor pages of a tenant's ledger, newest first. The cursor is the last entry's id (UUIDv7, time-ordered).
import { AppError, ErrorCode, badInput, formatDecimal, parseInstant } from "@spendline/domain";
import type { LedgerEntry, Prisma, Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import type { UsageSummaryModel } from "../../graphql/models.ts";
import { isUuid } from "../common/uuidv7.ts";

export interface LedgerFilterFields {
  from?: Date | string | null;
  to?: Date | string | null;
  model?: string | null;
  allowed?: boolean | null;
  costSource?: "REPORTED" | "CATALOG" | "UNPRICED" | null;
}

export const MAX_PAGE = 500;

function encodeCursor(id: string): string {
  return Buffer.from(`ledger:${id}`).toString("base64url");
}

function decodeCursor(cursor: string): string {
  const raw = Buffer.from(cursor, "base64url").toString();
  const m = /^ledger:(.{36})$/.exec(raw);
  if (!m || !isUuid(m[1]!)) throw new AppError(ErrorCode.BAD_USER_INPUT, "after: not a cursor from this API", { field: "after" });
  return m[1]!;
}

function whereFor(tenant: Tenant, filter: LedgerFilterFields = {}): Prisma.LedgerEntryWhereInput {
  const from = filter.from == null ? undefined : parseInstant(filter.from, "from");
  const to = filter.to == null ? undefined : parseInstant(filter.to, "to");
  return {
    tenantId: tenant.id,
    ...(from || to ? { occurredAt: { ...(from && { gte: from }), ...(to && { lt: to }) } } : {}),
    ...(filter.model ? { model: filter.model } : {}),
    ...(filter.allowed != null ? { allowed: filter.allowed } : {}),
    ...(filter.costSource ? { costSource: filter.costSource } : {}),
  };
}

export async function listLedger(
  ctx: Pick<Context, "db">,
  options: { tenant: Tenant; first?: number | null; after?: string | null; filter?: LedgerFilterFields | null },
): Promise<{ nodes: LedgerEntry[]; hasNextPage: boolean; endCursor: string | null; cursorOf: (e: LedgerEntry) => string }> {
  const first = options.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badInput("first", `must be 1 to ${MAX_PAGE}`);
  const where = whereFor(options.tenant, options.filter ?? {});
  if (options.after) where.id = { lt: decodeCursor(options.after) };
  const rows = await ctx.db.prisma.ledgerEntry.findMany({ where, orderBy: { id: "desc" }, take: first + 1 });
  const nodes = rows.slice(0, first);
  return {
    nodes,
    hasNextPage: rows.length > first,
    endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1]!.id) : null,
    cursorOf: (e) => encodeCursor(e.id),
  };
}

export async function usageSummary(
  ctx: Pick<Context, "db">,
  options: { tenant: Tenant; from?: Date | string | null; to?: Date | string | null },
): Promise<UsageSummaryModel> {
  const from = options.from == null ? null : parseInstant(options.from, "from");
  const to = options.to == null ? null : parseInstant(options.to, "to");
  const [row] = await ctx.db.prisma.$queryRawUnsafe<Record<keyof UsageSummaryModel, string>[]>(
    `SELECT COUNT(*)::text AS "entries",
       COALESCE(SUM(cost_usd), 0)::text AS "costUsd",
       COALESCE(SUM(input_tokens), 0)::text AS "inputTokens",
       COALESCE(SUM(output_tokens), 0)::text AS "outputTokens",
       COUNT(*) FILTER (WHERE cost_usd IS NULL)::text AS "unpricedEntries",
       COALESCE(SUM(input_tokens + output_tokens) FILTER (WHERE cost_usd IS NULL), 0)::text AS "unpricedTokens",
       COUNT(*) FILTER (WHERE NOT allowed)::text AS "blockedEntries",
       COALESCE(SUM(cost_usd) FILTER (WHERE NOT allowed), 0)::text AS "blockedCostUsd"
     FROM ledger_entries
     WHERE tenant_id = $1::uuid AND ($2::timestamptz IS NULL OR occurred_at >= $2::timestamptz)
       AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz)`,
    options.tenant.id,
    from,
    to,
  );
  if (!row) throw new Error("BUG: aggregate returned no row");
  return { ...row, costUsd: formatDecimal(row.costUsd), blockedCostUsd: formatDecimal(row.blockedCostUsd) };
}
