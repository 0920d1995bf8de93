// `pnpm replay [csv...]`: see USAGE in config.ts. Exit 0 only when the ledger adds up to what was sent.
import { ApiError } from "./api-client.ts";
import { loadCliConfig, USAGE, UsageError } from "./config.ts";
import { runReplay } from "./replay.ts";

async function main(): Promise<number> {
  let config;
  try {
    config = loadCliConfig();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`replay: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (config.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const result = await runReplay(config);
    return result.ok ? 0 : 1;
  } catch (e) {
    // Set-up failures (API down, wrong token, unreadable file): nothing to audit.
    const hint =
      e instanceof ApiError && e.code === "NETWORK"
        ? ` (is the API running at ${config.url}? start it with pnpm api)`
        : e instanceof ApiError && (e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN")
          ? " (SPENDLINE_TOKEN must be the admin token)"
          : "";
    process.stderr.write(`replay: ${(e as Error).message}${hint}\n`);
    return 2;
  }
}

process.exitCode = await main();
