// Instants leave the database as text, never through a JS Date: timestamptz keeps microseconds, Date keeps
// milliseconds, and an exported timestamp must be exactly the stored one (it is also the paging cursor).
import type { Context } from "../../graphql/context.ts";

export const utcText = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The database's clock now, as the export's cut-off: recorded_at is stamped by the same clock. */
export async function databaseNow(ctx: Pick<Context, "db">): Promise<string> {
  const [row] = await ctx.db.prisma.$queryRawUnsafe<{ now: string }[]>(
    `SELECT ${utcText("clock_timestamp()")} AS now`,
  );
  return row!.now;
}
