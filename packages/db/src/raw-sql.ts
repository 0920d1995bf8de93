// Plain SQL on the process's database, for the one hot path where Prisma's per-query work dominated the CPU
// profile (recording usage: see docs/performance.md). A transaction here is a real database transaction on its
// own connection (PostgreSQL) or on the process's PGlite instance, which runs it exclusively.
import crypto from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
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

/** Statements inside a transaction of RawSql. */
export interface SqlTransaction extends SqlQuery {
  /**
   * COPY's text format into `target` ("table (column, ...)"): one line per row, columns separated by tabs, `\N`
   * for null, backslashes, tabs and line breaks inside values escaped (`copyText`). Far less work for PostgreSQL
   * than the same rows through an INSERT's parameters (docs/performance.md); there is no ON CONFLICT, so a
   * duplicate key fails the statement, and with it the transaction.
   */
  copyIn(target: string, rows: string): Promise<void>;
}

/** `$queryRawUnsafe` (from SqlQuery) runs one statement outside any transaction. */
export interface RawSql extends SqlQuery {
  /** BEGIN, fn, COMMIT (ROLLBACK when fn throws). Resolves only after the COMMIT succeeded. */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

/** Connections the raw pool may open per process (on top of Prisma's pool). */
const RAW_POOL_SIZE = 4;
/** Distinct statement texts prepared by name; past this, statements run unnamed (parsed and planned each time). */
const MAX_PREPARED = 200;

/**
 * PostgreSQL parses and plans a named statement once per connection. The hot statements have constant text (array
 * parameters rather than one placeholder per row), so each gets a name derived from its text.
 */
function preparedStatements() {
  const names = new Map<string, string>();
  return (text: string, values: unknown[]): pg.QueryConfig => {
    if (values.length === 0) return { text };
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED) {
      name = `sl_${crypto.createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
      names.set(text, name);
    }
    return name === undefined ? { text, values } : { name, text, values };
  };
}

export function openRawSql(target: DatabaseTarget): RawSql {
  if (target.kind === "postgres") {
    // Same bound as the Prisma pool (connection.ts): during an outage a request fails in seconds instead of hanging.
    const pool = new pg.Pool({ ...pgConnectionFields(target.url), max: RAW_POOL_SIZE, connectionTimeoutMillis: 10_000 });
    // An idle client losing its connection must not crash the process; the next checkout reconnects.
    pool.on("error", () => undefined);
    const statement = preparedStatements();
    return {
      async $queryRawUnsafe<T>(sql: string, ...values: unknown[]) {
        return (await pool.query(statement(sql, values))).rows as T;
      },
      async transaction(fn, options = {}) {
        const client = await pool.connect();
        let broken = false;
        // A checked-out client whose connection drops between two statements emits "error" on itself; without a
        // listener that crashed the whole API process when PostgreSQL went away (pnpm outage). The failure then
        // surfaces from the next statement, and the client is discarded instead of returned to the pool.
        const onError = () => {
          broken = true;
        };
        client.on("error", onError);
        try {
          // Simple-query protocol: several statements, one round trip.
          await client.query(options.first ? `BEGIN; ${options.first}` : "BEGIN");
          const result = await fn({
            async $queryRawUnsafe<T>(sql: string, ...values: unknown[]) {
              return (await client.query(statement(sql, values))).rows as T;
            },
            copyIn(target, rows) {
              return new Promise((resolve, reject) => {
                const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
                stream.on("error", reject);
                // 'finish' comes once the server has acknowledged the whole COPY (pg-copy-streams >= 4).
                stream.on("finish", resolve);
                stream.end(rows);
              });
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
          client.removeListener("error", onError);
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
          async copyIn(target, rows) {
            // PGlite reads COPY's input from the blob passed with the statement.
            await tx.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([rows]) });
          },
        });
      });
    },
    async close() {
      // The PGlite instance belongs to the Database; closing it is Database.close()'s job.
    },
  };
}

/** A value in COPY's text format (see SqlTransaction.copyIn): null as \N, and the characters that would end the
 * value, the row or an escape written as escapes. */
export function copyText(value: string | number | boolean | null): string {
  if (value === null) return "\\N";
  if (typeof value !== "string") return String(value);
  return value.replace(COPY_ESCAPES, (c) => COPY_ESCAPE[c]!);
}

const COPY_ESCAPES = /[\\\t\n\r]/g;
const COPY_ESCAPE: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
