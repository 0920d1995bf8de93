// Opens the one database the process uses: PGlite (embedded default) or PostgreSQL (DATABASE_URL).
// Exactly one PGlite instance per data directory per process (memoised), guarded across processes by a lock.
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { databaseTargetFromEnv, pgConnectionFields, type DatabaseTarget } from "./config.ts";
import { lockDataDirectory } from "./pglite-lock.ts";

interface OpenPglite {
  pglite: PGlite;
  ready: Promise<PGlite>;
  release: () => void;
}

const pglites = new Map<string, OpenPglite>();

/** The process's PGlite for a data directory, opened (and locked) on first use. */
export function sharedPglite(dataDir: string): Promise<PGlite> {
  const open = pglites.get(dataDir);
  if (open) return open.ready;
  const release = lockDataDirectory(dataDir);
  try {
    // PGlite's own mkdir is not recursive.
    fs.mkdirSync(dataDir, { recursive: true });
    const pglite = new PGlite({ dataDir });
    const entry: OpenPglite = { pglite, ready: pglite.waitReady.then(() => pglite), release };
    pglites.set(dataDir, entry);
    entry.ready.catch(() => {
      pglites.delete(dataDir);
      release();
    });
    return entry.ready;
  } catch (e) {
    release();
    throw e;
  }
}

/** Closes a data directory's PGlite (flushing it) and releases the lock. */
export async function closePglite(dataDir: string): Promise<void> {
  const open = pglites.get(dataDir);
  if (!open) return;
  pglites.delete(dataDir);
  try {
    await open.pglite.close();
  } finally {
    open.release();
  }
}

export async function adapterFactoryFor(target: DatabaseTarget): Promise<SqlMigrationAwareDriverAdapterFactory> {
  if (target.kind === "postgres") {
    // A bounded wait for a pooled connection: when the server is unreachable, requests fail (503) instead of queueing
    // for ever behind connections that will not come back.
    return new PrismaPg({
      ...pgConnectionFields(target.url),
      max: poolSize(),
      connectionTimeoutMillis: 10_000,
    }) as SqlMigrationAwareDriverAdapterFactory;
  }
  return new PrismaPGlite(await sharedPglite(target.dataDir)) as unknown as SqlMigrationAwareDriverAdapterFactory;
}

function poolSize(): number {
  const n = Number.parseInt(process.env.SPENDLINE_DB_POOL ?? "", 10);
  return Number.isInteger(n) && n > 0 ? n : 10;
}

/** For prisma.config.ts: the CLI calls this twice per command, so it must hand out the same PGlite. */
export async function migrationAdapterFactory(): Promise<SqlMigrationAwareDriverAdapterFactory> {
  return adapterFactoryFor(databaseTargetFromEnv());
}
