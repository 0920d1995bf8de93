// Cursor pages of the audit log, newest first, for one tenant or all of it (platform events included).
import { AppError, ErrorCode, badInput } from "@spendline/domain";
import type { AuditEntry } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import { isUuid } from "../common/uuidv7.ts";

export async function listAudit(
  ctx: Pick<Context, "db">,
  options: { tenantId?: string | null; first?: number | null; after?: string | null },
): Promise<{ nodes: AuditEntry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> {
  const take = options.first ?? 50;
  if (!Number.isInteger(take) || take < 1 || take > 500) throw badInput("first", "must be 1 to 500");
  let cursor: { at: Date; id: string } | undefined;
  if (options.after) {
    const [at, id] = Buffer.from(options.after, "base64url").toString().split("|");
    // Both parts reach the database: an id that is no UUID, or a date beyond what timestamptz holds, was a
    // database error (500) instead of bad input. Cursors we issue are toISOString() and a UUID.
    if (!at || !id || !isUuid(id) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at) || Number.isNaN(Date.parse(at))) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, "after: not a cursor from this API", { field: "after" });
    }
    cursor = { at: new Date(at), id };
  }
  const rows = await ctx.db.prisma.auditEntry.findMany({
    where: {
      ...(options.tenantId ? { tenantId: options.tenantId } : {}),
      ...(cursor ? { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const nodes = rows.slice(0, take);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    pageInfo: {
      hasNextPage: rows.length > take,
      endCursor: last ? Buffer.from(`${last.at.toISOString()}|${last.id}`).toString("base64url") : null,
    },
  };
}
