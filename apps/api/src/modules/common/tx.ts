// Transactions that touch budgets and counters. Every usage holds its tenant's budget lock in SHARED mode; a
// budget change holds it EXCLUSIVE. So a budget never appears or changes between a usage reading the budget list
// and committing its counters: a window's counter either sees a usage's delta or the usage's committed row.
import type { Database, Prisma, SqlTransaction } from "@spendline/db";

export type Tx = Prisma.TransactionClient;

/** Namespace of our advisory locks (first key of the two-int form). */
const TENANT_BUDGETS_LOCK = 0x5350_4c01;

const RETRYABLE = new Set(["40P01", "40001"]); // deadlock detected, serialization failure
const MAX_ATTEMPTS = 6;

/** The PostgreSQL SQLSTATE inside a Prisma / driver adapter error, if any. */
export function sqlState(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): string | undefined => {
    if (!v || typeof v !== "object" || seen.has(v) || depth > 6) return undefined;
    seen.add(v);
    const o = v as Record<string, unknown>;
    if (o.kind === "postgres" && typeof o.code === "string") return o.code;
    if (typeof o.originalCode === "string" && /^[0-9A-Z]{5}$/.test(o.originalCode)) return o.originalCode;
    // node-postgres and PGlite errors (the raw SQL path) carry the SQLSTATE as `code`, beside a `severity`.
    if (typeof o.severity === "string" && typeof o.code === "string" && /^[0-9A-Z]{5}$/.test(o.code)) return o.code;
    for (const key of ["cause", "meta", "driverAdapterError", "error"]) {
      const found = visit(o[key], depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return visit(e, 0);
}

export function withTenantLock<T>(
  db: Database,
  tenantId: string,
  mode: "shared" | "exclusive",
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const lock = lockStatement([tenantId], mode);
  return retryingDeadlocks(() =>
    db.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(lock.sql, ...lock.params);
        return fn(tx);
      },
      { timeout: 30_000, maxWait: 30_000 },
    ),
  );
}

/**
 * A plain-SQL transaction (no Prisma: the usage hot path) holding the budget locks of several tenants, as one
 * group commit of usages from many tenants needs. Same locks, same guarantee as withTenantLock.
 */
export function withTenantLocksSql<T>(
  db: Database,
  tenantIds: readonly string[],
  mode: "shared" | "exclusive",
  fn: (tx: SqlTransaction) => Promise<T>,
): Promise<T> {
  // Sent with BEGIN in one round trip, so without parameters: tenant ids are UUIDs, checked before inlining.
  for (const id of tenantIds) if (!UUID.test(id)) throw new Error(`BUG: tenant id ${JSON.stringify(id)} is not a UUID`);
  const lock = lockStatement(tenantIds, mode);
  const first = lock.sql.replaceAll(/\$(\d+)/g, (_, n: string) => {
    const v = lock.params[Number(n) - 1];
    return typeof v === "number" ? String(v) : `'${v}'`;
  });
  return retryingDeadlocks(() => db.sql.transaction(fn, { first }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The locks are taken in one statement, in ascending key order, so two transactions cannot deadlock on them. */
function lockStatement(tenantIds: readonly string[], mode: "shared" | "exclusive") {
  const lockFn = mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
  const ids = [...new Set(tenantIds)];
  const sql =
    ids.length === 1
      ? `SELECT ${lockFn}($1::int, hashtext($2)::int)::text`
      : // The aggregate consumes the sorted subquery row by row, so the locks are acquired in key order.
        `SELECT count(${lockFn}($1::int, k))::int FROM (SELECT DISTINCT hashtext(t)::int AS k FROM (VALUES ${ids
          .map((_, i) => `($${i + 2}::text)`)
          .join(", ")}) v(t) ORDER BY k) s`;
  return { sql, params: [TENANT_BUDGETS_LOCK, ...ids] };
}

/** Reruns the whole transaction on deadlock / serialization failure (nothing of it committed). */
async function retryingDeadlocks<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      const state = sqlState(e);
      if (attempt < MAX_ATTEMPTS && state && RETRYABLE.has(state)) {
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
        continue;
      }
      throw e;
    }
  }
}
