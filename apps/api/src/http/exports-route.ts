// GET /exports/ledger.csv and GET /exports/daily-summary.csv: finance exports streamed as CSV. Errors before the
// first byte are JSON with the GraphQL error codes; once streaming, a failure aborts the response (the client sees
// a truncated transfer, never a file that looks complete). Pages are read from the database only as fast as the
// client takes them: res.write() back-pressure, waiting for 'drain'.
import type http from "node:http";
import { stringify } from "csv-stringify/sync";
import type { Database } from "@spendline/db";
import { AppError, ErrorCode } from "@spendline/domain";
import type { Logger } from "pino";
import { authenticate } from "../auth/authenticate.ts";
import type { Context } from "../graphql/context.ts";
import type { Metrics } from "./metrics.ts";
import { isDatabaseUnavailable } from "../graphql/errors.ts";
import { createLoaders } from "../graphql/loaders.ts";
import type { Column } from "../modules/exports/csv-cells.ts";
import { DAILY_SUMMARY_COLUMNS, exportDailySummary } from "../modules/exports/export-daily-summary.ts";
import { LEDGER_COLUMNS, exportLedger } from "../modules/exports/export-ledger.ts";
import { ledgerParams, summaryParams } from "../modules/exports/export-params.ts";
import { resolveExportScope, scopeLabel } from "../modules/exports/export-scope.ts";
import { databaseNow } from "../modules/exports/utc-text.ts";

export interface ExportRouteOptions {
  db: Database;
  adminToken: string;
  log: Logger;
  requestId: string;
  metrics: Metrics;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

function sendError(res: http.ServerResponse, e: AppError, extraHeaders: Record<string, string> = {}) {
  res.writeHead(STATUS[e.code] ?? 500, {
    "content-type": "application/json; charset=utf-8",
    ...extraHeaders,
  });
  res.end(JSON.stringify({ errors: [{ message: e.message, extensions: { code: e.code, ...e.details } }] }));
}

export interface PreparedExport {
  columns: readonly Column[];
  fileName: string;
  bom: boolean;
  asOf: string;
  /** Pages of CSV records, header excluded. */
  records: AsyncGenerator<string[][]>;
}

async function prepare(ctx: Context, pathname: string, search: URLSearchParams): Promise<PreparedExport> {
  if (pathname === "/exports/ledger.csv") {
    const p = ledgerParams(search);
    const scope = await resolveExportScope(ctx, p.tenant);
    const asOf = await databaseNow(ctx);
    return {
      columns: LEDGER_COLUMNS,
      fileName: `spendline-ledger_${scopeLabel(scope)}_${p.range.fromLabel}_${p.range.toLabel}.csv`,
      bom: p.bom,
      asOf,
      records: exportLedger(ctx, { scope, range: p.range, asOf }),
    };
  }
  if (pathname === "/exports/daily-summary.csv") {
    const p = summaryParams(search);
    const scope = await resolveExportScope(ctx, p.tenant);
    const asOf = await databaseNow(ctx);
    const zone = p.zone === "UTC" ? "utc" : "tenant-tz";
    return {
      columns: DAILY_SUMMARY_COLUMNS,
      fileName: `spendline-daily-summary_${scopeLabel(scope)}_${p.range.fromLabel}_${p.range.toLabel}_${zone}.csv`,
      bom: p.bom,
      asOf,
      records: exportDailySummary(ctx, { scope, range: p.range, zone: p.zone, asOf }),
    };
  }
  throw new AppError(
    ErrorCode.NOT_FOUND,
    "No such export. Exports: /exports/ledger.csv, /exports/daily-summary.csv.",
  );
}

/** Resolves when `res` can take more ('drain'), or has closed (the client went away). */
function writable(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(); // 'close' may have fired already: do not wait for it
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** One page of records becomes one CSV chunk (csv-stringify does the quoting); the next page is read only once
 * the socket has taken the previous one, so memory holds about a page whatever the export's size. */
export async function writeCsv(
  res: http.ServerResponse,
  prepared: PreparedExport,
  progress: { rows: number },
): Promise<boolean> {
  const names = prepared.columns.map((c) => c.name);
  const options = { columns: names, record_delimiter: "windows" } as const;
  res.write(stringify([], { ...options, header: true, bom: prepared.bom }));
  for await (const page of prepared.records) {
    if (res.destroyed) return false; // leaving the loop ends the generator: no more queries
    progress.rows += page.length;
    if (page.length > 0 && !res.write(stringify(page, options))) await writable(res);
  }
  if (res.destroyed) return false;
  res.end();
  return true;
}

export async function handleExportRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  options: ExportRouteOptions,
): Promise<void> {
  const { db, log } = options;
  let prepared: PreparedExport;
  try {
    if (req.method !== "GET") {
      return sendError(res, new AppError(ErrorCode.BAD_USER_INPUT, "Exports are downloaded with GET."), {
        allow: "GET",
      });
    }
    const principal = await authenticate(db, options.adminToken, req.headers.authorization);
    if (principal.kind === "anonymous") {
      throw new AppError(ErrorCode.UNAUTHENTICATED, "Send `Authorization: Bearer <token>` to download exports.");
    }
    const ctx: Context = { db, principal, requestId: options.requestId, log, loaders: createLoaders(db), metrics: options.metrics };
    prepared = await prepare(ctx, url.pathname, url.searchParams);
  } catch (e) {
    if (e instanceof AppError) {
      const www: Record<string, string> =
        e.code === ErrorCode.UNAUTHENTICATED ? { "www-authenticate": "Bearer" } : {};
      return sendError(res, e, www);
    }
    if (isDatabaseUnavailable(e)) {
      return sendError(res, new AppError(ErrorCode.SERVICE_UNAVAILABLE, "The database is unavailable."));
    }
    throw e;
  }

  res.writeHead(200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${prepared.fileName}"`,
    "cache-control": "no-store",
    "x-spendline-as-of": prepared.asOf,
  });
  const progress = { rows: 0 };
  try {
    const finished = await writeCsv(res, prepared, progress);
    log.info(
      { export: url.pathname, rows: progress.rows },
      finished ? "export streamed" : "export aborted by client",
    );
  } catch (e) {
    // The database failed mid-stream: abort the response, so the client sees an incomplete chunked transfer
    // rather than a short file that looks whole.
    log.error({ err: e, export: url.pathname, rows: progress.rows }, "export failed");
    res.destroy();
  }
}
