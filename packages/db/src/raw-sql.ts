// Plain SQL on the process's database, for the one hot path where Prisma's per-query work dominated the CPU
// profile (recording usage: see docs/performance.md). A transaction here is a real database transaction on its
// own connection (PostgreSQL) or on the process's PGlite instance, which runs it exclusively.
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { pgConnectionFields, type DatabaseTarget } from "./config.ts";
import { sharedPglite } from "./connection.ts";

/** The shape of Prisma's `$queryRawUnsafe`, so code reading with raw SQL runs on either. */
export interface SqlQuery {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
}

export interface TransactionOptions {
  /** Parameterless SQL run first in the transaction, sent together with BEGIN (one round trip fewer). */
  first?: string;
}

/** `$queryRawUnsafe` (from SqlQuery) runs one statement outside any transaction. */
export interface RawSql extends SqlQuery {
  /** BEGIN, fn, COMMIT (ROLLBACK when fn throws). Resolves only after the COMMIT succeeded. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

/** Connections the raw pool may open per process (on top of Prisma's pool). */
const RAW_POOL_SIZE = 4;

export function openRawSql(target: DatabaseTarget): RawSql {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({ ...pgConnectionFields(target.url), max: RAW_POOL_SIZE });
    // An idle client losing its connection must not crash the process; the next checkout reconnects.
    pool.on("error", () => undefined);
    return {
      async $queryRawUnsafe<T>(sql: string, ...values: unknown[]) {
        return (await pool.query(sql, values)).rows as T;
      },
      async transaction(fn, options = {}) {
        const client = await pool.connect();
        let broken = false;
        try {
          // Simple-query protocol: several statements, one round trip.
          await client.query(options.first ? `BEGIN; ${options.first}` : "BEGIN");
          const result = await fn({
            async $queryRawUnsafe<T>(sql: string, ...values: unknown[]) {
              return (await client.query(sql, values)).rows as T;
            },
          });
          await client.query("COMMIT");
          return result;
        } catch (e) {
          await client.query("ROLLBACK").catch(() => {
            broken = true;
          });
          throw e;
        } finally {
          client.release(broken);
        }
      },
      close: () => pool.end(),
    };
  }
  let instance: Promise<PGlite> | null = null;
  return {
    async $queryRawUnsafe<T>(sql: string, ...values: unknown[]) {
      instance ??= sharedPglite(target.dataDir);
      return (await (await instance).query(sql, values)).rows as T;
    },
    async transaction(fn, options = {}) {
      instance ??= sharedPglite(target.dataDir);
      const db = await instance;
      return db.transaction(async (tx) => {
        if (options.first) await tx.exec(options.first);
        return fn({
          async $queryRawUnsafe<T>(sql: string, ...values: unknown[]) {
            return (await tx.query(sql, values)).rows as T;
          },
        });
      });
    },
    async close() {
      // The PGlite instance belongs to the Database; closing it is Database.close()'s job.
    },
  };
}
