// Applies prisma/migrations in-process, bookkeeping in Prisma's own _prisma_migrations table with Prisma's
// checksums, so `prisma migrate deploy` / `migrate status` and this agree about what is applied. The API runs it at
// start-up: the embedded database cannot be migrated by the CLI while the API holds its lock, and replicas on
// PostgreSQL serialise on Prisma's own migration advisory lock.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { pgConnectionFields, repoRoot, type DatabaseTarget } from "./config.ts";
import { sharedPglite } from "./connection.ts";

export const migrationsDir = path.join(repoRoot, "prisma/migrations");

/** Prisma's migrate advisory lock key: holding it keeps `prisma migrate` and this from running at once. */
const PRISMA_MIGRATE_LOCK = 72707369;

interface ScriptRunner {
  exec(sql: string): Promise<void>;
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

async function runnerFor(target: DatabaseTarget): Promise<ScriptRunner> {
  if (target.kind === "pglite") {
    const db = await sharedPglite(target.dataDir);
    return {
      exec: async (sql) => void (await db.exec(sql)),
      rows: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
      close: async () => {},
    };
  }
  const client = new pg.Client(pgConnectionFields(target.url));
  await client.connect();
  return {
    exec: async (sql) => void (await client.query(sql)),
    rows: async <T>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params as unknown[])).rows as T[],
    close: () => client.end(),
  };
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(target: DatabaseTarget, dir = migrationsDir): Promise<MigrationReport> {
  const migrations = readMigrations(dir);
  const db = await runnerFor(target);
  try {
    await db.rows(`SELECT pg_advisory_lock(${PRISMA_MIGRATE_LOCK})`);
    try {
      await db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id" VARCHAR(36) PRIMARY KEY NOT NULL,
        "checksum" VARCHAR(64) NOT NULL,
        "finished_at" TIMESTAMPTZ,
        "migration_name" VARCHAR(255) NOT NULL,
        "logs" TEXT,
        "rolled_back_at" TIMESTAMPTZ,
        "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "applied_steps_count" INTEGER NOT NULL DEFAULT 0
      )`);
      const rows = await db.rows<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      );
      const failed = rows.find((r) => r.finished_at === null);
      if (failed) {
        throw new Error(
          `Migration ${failed.migration_name} failed earlier and was not resolved; see \`prisma migrate resolve\`.`,
        );
      }
      const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
      for (const name of done.keys()) {
        if (!migrations.some((m) => m.name === name)) {
          throw new Error(`The database has migration ${name}, which this version does not know: it is newer.`);
        }
      }
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        const id = crypto.randomUUID();
        await db.exec("BEGIN");
        try {
          await db.exec(m.sql);
          await db.rows(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), now(), 1)`,
            [id, m.checksum, m.name],
          );
          await db.exec("COMMIT");
        } catch (e) {
          await db.exec("ROLLBACK");
          throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
        }
        applied.push(m.name);
      }
      return { applied, alreadyApplied: migrations.length - applied.length };
    } finally {
      await db.rows(`SELECT pg_advisory_unlock(${PRISMA_MIGRATE_LOCK})`);
    }
  } finally {
    await db.close();
  }
}
