export { openDatabase, describeTarget, type Database, type OpenOptions } from "./database.ts";
export { databaseTargetFromEnv, pgConnectionFields, repoRoot, type DatabaseTarget } from "./config.ts";
export { migrate, readMigrations } from "./migrate.ts";
export { DataDirectoryLockedError } from "./pglite-lock.ts";
export { copyText, type RawSql, type SqlQuery, type SqlTransaction } from "./raw-sql.ts";
export * from "./generated/prisma/client.ts";
