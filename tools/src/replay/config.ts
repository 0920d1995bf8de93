// The replay's settings: the only file of the tool that reads the environment or the command line.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

/** tools/src/replay -> the repository root (pnpm --filter runs scripts with cwd = tools/). */
export const repoRoot = path.resolve(import.meta.dirname, "../../..");
export const DEFAULT_TRACE_DIR = path.resolve(repoRoot, "../shared/data/azure-llm-trace-2023");
export const DEFAULT_FILES = ["AzureLLMInferenceTrace_code.csv", "AzureLLMInferenceTrace_conv.csv"].map((f) =>
  path.join(DEFAULT_TRACE_DIR, f),
);

export const USAGE = `Usage: pnpm replay [options] [file.csv ...]

Replays trace CSVs (columns TIMESTAMP,ContextTokens,GeneratedTokens) as recordUsage calls, then checks that the
ledger adds up exactly to what was sent. Default input: both files of ${DEFAULT_TRACE_DIR}.

Options:
  --limit N          replay only the first N data rows of each file
  --concurrency N    requests in flight at once (default 16)
  --retries N        retries per request on network errors and 5xx, same idempotency key (default 5)
  --caps MODE        generated (default): set the demo tenants' caps from this input so some are crossed;
                     none: leave the tenants' budgets as they are
  --prefix P         tenant slugs are P-acme, P-globex, P-initech, P-umbrella. Default: trace for the default
                     input; trace-<hash of the file names and --limit> for any other, because the check needs
                     tenants that hold this input's rows and nothing else
  -h, --help         this text

Environment:
  SPENDLINE_URL        the API (default http://localhost:4000)
  SPENDLINE_TOKEN      an admin token (default: the one the API stored in <repo>/$SPENDLINE_STATE_DIR/admin-token,
                       SPENDLINE_STATE_DIR defaulting to .spendline)

Exit status: 0 when every row was recorded and the ledger adds up; 1 on any bad row, unrecorded row or
mismatch; 2 on a usage or set-up error.`;

export class UsageError extends Error {}

export type CliConfig = { help: true } | ({ help: false } & ReplaySettings);

export interface ReplaySettings {
  url: string;
  adminToken: string;
  files: string[];
  limit: number | undefined;
  concurrency: number;
  retries: number;
  caps: "generated" | "none";
  prefix: string;
}

export function loadCliConfig(
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): CliConfig {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        limit: { type: "string" },
        concurrency: { type: "string", default: "16" },
        retries: { type: "string", default: "5" },
        caps: { type: "string", default: "generated" },
        prefix: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const caps = values.caps;
  if (caps !== "generated" && caps !== "none")
    throw new UsageError(`--caps must be generated or none, not "${caps}"`);
  // pnpm runs the script in tools/; relative paths mean what the user typed them against (INIT_CWD).
  const cwd = env.INIT_CWD ?? process.cwd();
  const files = positionals.length > 0 ? positionals.map((f) => path.resolve(cwd, f)) : DEFAULT_FILES;
  for (const f of files) if (!fs.existsSync(f)) throw new UsageError(`no such file: ${f}`);
  const limit = values.limit === undefined ? undefined : wholeNumber(values.limit, "--limit", 1);
  const prefix = values.prefix ?? defaultPrefix(files, limit);
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(prefix))
    throw new UsageError("--prefix: lower-case letters, digits and dashes");
  return {
    help: false,
    url: env.SPENDLINE_URL || "http://localhost:4000",
    adminToken: adminToken(env),
    files,
    limit,
    concurrency: wholeNumber(values.concurrency!, "--concurrency", 1),
    retries: wholeNumber(values.retries!, "--retries", 0),
    caps,
    prefix,
  };
}

/** "trace" for the full default input; otherwise a set of tenants of its own per input (same input, same set). */
export function defaultPrefix(files: readonly string[], limit: number | undefined): string {
  const isDefault =
    limit === undefined &&
    files.length === DEFAULT_FILES.length &&
    files.every((f, i) => f === DEFAULT_FILES[i]);
  if (isDefault) return "trace";
  const fingerprint = JSON.stringify({ files: files.map((f) => path.basename(f)), limit: limit ?? null });
  return `trace-${crypto.createHash("sha256").update(fingerprint).digest("hex").slice(0, 6)}`;
}

function adminToken(env: NodeJS.ProcessEnv): string {
  if (env.SPENDLINE_TOKEN) return env.SPENDLINE_TOKEN;
  const file = path.resolve(repoRoot, env.SPENDLINE_STATE_DIR || ".spendline", "admin-token");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    throw new UsageError(
      `SPENDLINE_TOKEN is not set and ${file} does not exist: start the API first (pnpm api) or set SPENDLINE_TOKEN`,
    );
  }
}

function wholeNumber(value: string, flag: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new UsageError(`${flag} must be a whole number >= ${min}`);
  return Number(value);
}
