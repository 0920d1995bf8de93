// Where the database is: the only place the db package reads the environment.
import path from "node:path";

export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string };

/** The repository root, so relative defaults do not depend on which package's script is running. */
export const repoRoot = path.resolve(import.meta.dirname, "../../..");

export function databaseTargetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(`DATABASE_URL must be a postgresql:// URL (got "${url.split("://")[0]}://...")`);
    }
    return { kind: "postgres", url };
  }
  const dir = env.SPENDLINE_DATA_DIR?.trim() || ".spendline/pglite";
  return { kind: "pglite", dataDir: path.resolve(repoRoot, dir) };
}

/** node-postgres connection fields from a URL. Discrete fields, never connectionString: with a connection
 * string, Prisma's shadow database silently becomes the database itself (docs/toolchain.md). */
export function pgConnectionFields(url: string) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || "127.0.0.1",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || "postgres",
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
  };
}
