// The API's settings: the only place it reads the environment, validated at start-up.
import path from "node:path";
import { z } from "zod";
import { repoRoot } from "@spendline/db";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  SPENDLINE_ADMIN_TOKEN: z.string().optional(),
  // The first console admin, created on a start with no users at all (ignored once any user exists).
  SPENDLINE_ADMIN_EMAIL: z.string().optional(),
  SPENDLINE_ADMIN_PASSWORD: z.string().optional(),
  SPENDLINE_STATE_DIR: z.string().default(".spendline"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().default("development"),
  SPENDLINE_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  /** API processes in cluster mode (src/cluster.ts); default: one per CPU. */
  SPENDLINE_WORKERS: z.coerce.number().int().positive().max(64).optional(),
});

export type ApiConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${issues}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    adminToken: c.SPENDLINE_ADMIN_TOKEN || undefined,
    firstAdmin:
      c.SPENDLINE_ADMIN_EMAIL && c.SPENDLINE_ADMIN_PASSWORD
        ? { email: c.SPENDLINE_ADMIN_EMAIL, password: c.SPENDLINE_ADMIN_PASSWORD }
        : null,
    adminTokenFile: path.resolve(repoRoot, c.SPENDLINE_STATE_DIR, "admin-token"),
    logLevel: c.LOG_LEVEL,
    production: c.NODE_ENV === "production",
    maxBodyBytes: c.SPENDLINE_MAX_BODY_BYTES,
    workers: c.SPENDLINE_WORKERS ?? null,
  };
}
