// pnpm export: downloads a finance export through the API's HTTP endpoint, for scripts and cron jobs.
//
//   pnpm export ledger --from 2026-11-01 --to 2026-12-01 [--tenant acme] [--bom] [--out file.csv | --out -]
//   pnpm export daily-summary --from 2026-11-01 --to 2026-12-01 [--tenant acme] [--tz UTC] [--bom] [--out ...]
//
// SPENDLINE_URL (default http://127.0.0.1:4000) and SPENDLINE_TOKEN (default: the admin token stored in
// .spendline/admin-token at the repository root). Without --out the file is named as the server names it, in the
// directory the command was started from. The download goes to <file>.partial first and is renamed only once
// complete, so an interrupted export never leaves a file that looks whole. Exit code 0 on success, 1 on failure.
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { repoRoot } from "@spendline/db";

const EXPORTS = { ledger: "ledger.csv", "daily-summary": "daily-summary.csv" } as const;

function fail(message: string): never {
  process.stderr.write(`export: ${message}\n`);
  process.exit(1);
}

function token(): string {
  const fromEnv = process.env.SPENDLINE_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const file = path.join(repoRoot, ".spendline", "admin-token");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return fail(
      `no SPENDLINE_TOKEN and no admin token in ${file} (start the API once, or set SPENDLINE_TOKEN)`,
    );
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      tenant: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      tz: { type: "string" },
      bom: { type: "boolean", default: false },
      out: { type: "string", short: "o" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const kind = positionals[0] as keyof typeof EXPORTS | undefined;
  if (values.help || !kind || !(kind in EXPORTS) || positionals.length > 1) {
    process.stderr.write(
      "usage: pnpm export ledger|daily-summary --from DATE --to DATE [--tenant SLUG] [--tz UTC] [--bom] [--out FILE|-]\n",
    );
    process.exit(values.help ? 0 : 1);
  }
  const base = (process.env.SPENDLINE_URL?.trim() || "http://127.0.0.1:4000").replace(/\/+$/, "");
  const url = new URL(`${base}/exports/${EXPORTS[kind]}`);
  // The server validates every parameter (and refuses unknown ones): pass on what was given, as given.
  for (const name of ["tenant", "from", "to", "tz"] as const) {
    const v = values[name];
    if (v !== undefined) url.searchParams.set(name, v);
  }
  if (values.bom) url.searchParams.set("bom", "1");

  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token()}` } });
  } catch (e) {
    return fail(`cannot reach ${base} (${(e as Error).cause ?? (e as Error).message})`);
  }
  if (res.status !== 200 || !res.body) {
    const text = await res.text();
    let detail = text.slice(0, 500);
    try {
      const err = (JSON.parse(text) as { errors: { message: string; extensions?: { code?: string } }[] })
        .errors[0]!;
      detail = `${err.extensions?.code ?? "ERROR"}: ${err.message}`;
    } catch {
      /* not JSON: show the text */
    }
    return fail(`HTTP ${res.status} ${detail}`);
  }

  const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>);
  if (values.out === "-") {
    await pipeline(body, process.stdout).catch((e) => {
      // The reader stopped early (`| head`): not an error of ours.
      if ((e as NodeJS.ErrnoException).code === "EPIPE") process.exit(0);
      fail(`download interrupted: ${(e as Error).message}`);
    });
    return;
  }
  const named = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `${kind}.csv`;
  const invokedFrom = process.env.INIT_CWD ?? process.cwd(); // pnpm runs the script from apps/api
  const file = path.resolve(invokedFrom, values.out ?? path.basename(named));
  const partial = `${file}.partial`;
  try {
    await pipeline(body, fs.createWriteStream(partial));
  } catch (e) {
    fs.rmSync(partial, { force: true });
    return fail(`download interrupted, nothing written: ${(e as Error).message}`);
  }
  fs.renameSync(partial, file);
  const bytes = fs.statSync(file).size;
  process.stderr.write(
    `export: wrote ${file} (${bytes} bytes, as of ${res.headers.get("x-spendline-as-of")})\n`,
  );
}

await main();
