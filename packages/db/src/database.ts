// The Database a process works with: a Prisma client on PGlite or PostgreSQL, migrated, with health and close.
import { PrismaClient } from "./generated/prisma/client.ts";
import { adapterFactoryFor, closePglite } from "./connection.ts";
import { databaseTargetFromEnv, type DatabaseTarget } from "./config.ts";
import { migrate } from "./migrate.ts";
import { openRawSql, type RawSql } from "./raw-sql.ts";

export interface Database {
  readonly kind: DatabaseTarget["kind"];
  /** Where it is, without credentials: for logs and the start-up banner. */
  readonly location: string;
  readonly prisma: PrismaClient;
  /** Plain SQL transactions, for the usage hot path (raw-sql.ts). */
  readonly sql: RawSql;
  /** Resolves when a trivial query answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  target?: DatabaseTarget;
  /** Apply pending migrations first (the default). */
  migrate?: boolean;
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `PGlite at ${target.dataDir}`;
  const u = new URL(target.url);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const target = options.target ?? databaseTargetFromEnv();
  if (options.migrate !== false) await migrate(target);
  const prisma = new PrismaClient({ adapter: await adapterFactoryFor(target) });
  const sql = openRawSql(target);
  let closed = false;
  return {
    kind: target.kind,
    location: describeTarget(target),
    prisma,
    sql,
    async ping() {
      await prisma.$queryRawUnsafe("SELECT 1");
    },
    async close() {
      if (closed) return;
      closed = true;
      await sql.close();
      await prisma.$disconnect();
      if (target.kind === "pglite") await closePglite(target.dataDir);
    },
  };
}
