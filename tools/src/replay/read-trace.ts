// Reads a trace CSV (TIMESTAMP,ContextTokens,GeneratedTokens; the Azure LLM inference trace's columns, in any
// order) into validated rows. A bad row is reported with its line and reason, never skipped silently: the caller
// counts it as not recorded.
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse";
import { LIMITS } from "@spendline/domain";

export const TRACE_COLUMNS = ["TIMESTAMP", "ContextTokens", "GeneratedTokens"] as const;

export interface TraceRow {
  /** The file's base name: part of every row's idempotency key. */
  fileName: string;
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  timestamp: string;
  inputTokens: number;
  outputTokens: number;
}

export interface BadRow {
  fileName: string;
  line: number;
  reason: string;
}

export interface TraceFile {
  path: string;
  fileName: string;
  rows: TraceRow[];
  badRows: BadRow[];
}

// The trace writes "2023-11-16 18:17:03.9799600" (local to the trace, no zone); ISO "T" is accepted too.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/;
const WHOLE_NUMBER = /^\d+$/;

export function validateTimestamp(value: string): string | null {
  const m = TIMESTAMP.exec(value);
  if (!m) return `TIMESTAMP "${clip(value)}" is not a date-time like 2023-11-16 18:17:03.9799600`;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  const valid =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo! - 1 &&
    date.getUTCDate() === d &&
    h! < 24 &&
    mi! < 60 &&
    s! < 60;
  return valid ? null : `TIMESTAMP "${clip(value)}" is not a valid date-time`;
}

export function validateTokens(value: string, column: string): { tokens: number } | { reason: string } {
  if (!WHOLE_NUMBER.test(value))
    return { reason: `${column} "${clip(value)}" is not a whole, non-negative number` };
  const tokens = Number(value);
  if (tokens > LIMITS.maxTokens) return { reason: `${column} ${value} is above ${LIMITS.maxTokens}` };
  return { tokens };
}

/** Reads at most `limit` data rows (valid or bad) of one file. Throws when the file or its header is unusable. */
export async function readTraceFile(filePath: string, limit = Infinity): Promise<TraceFile> {
  const fileName = path.basename(filePath);
  const result: TraceFile = { path: filePath, fileName, rows: [], badRows: [] };
  const parser = fs.createReadStream(filePath).pipe(
    parse({
      bom: true,
      // Explicit, so a file mixing CRLF and LF (an edited trace) still numbers its lines right: with the default
      // auto-detection csv-parse counted each CRLF row as two lines after an LF header.
      record_delimiter: ["\r\n", "\n"],
      trim: true,
      skip_empty_lines: true,
      // A row with too few or too many cells is reported below, not a reason to abandon the whole file.
      relax_column_count: true,
      // Broken quoting and the like: reported as a bad row at its line, and reading goes on.
      skip_records_with_error: true,
      on_skip: (err) => {
        result.badRows.push({
          fileName,
          line: Number(err?.lines ?? 0),
          reason: `unreadable CSV: ${err?.message ?? "unknown error"}`,
        });
        return undefined;
      },
      info: true,
    }),
  );
  let index: Record<(typeof TRACE_COLUMNS)[number], number> | null = null;
  let width = 0;
  let seen = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (index === null) {
        index = headerIndex(record, filePath);
        width = record.length;
        continue;
      }
      if (seen >= limit) break;
      seen++;
      const line = info.lines;
      const bad = (reason: string) => result.badRows.push({ fileName, line, reason });
      if (record.length !== width) {
        bad(`has ${record.length} cells, the header has ${width}`);
        continue;
      }
      const timestamp = record[index.TIMESTAMP]!;
      const input = validateTokens(record[index.ContextTokens]!, "ContextTokens");
      const output = validateTokens(record[index.GeneratedTokens]!, "GeneratedTokens");
      const reason =
        validateTimestamp(timestamp) ??
        ("reason" in input ? input.reason : null) ??
        ("reason" in output ? output.reason : null);
      if (reason !== null || !("tokens" in input) || !("tokens" in output)) {
        bad(reason ?? "invalid row");
        continue;
      }
      result.rows.push({ fileName, line, timestamp, inputTokens: input.tokens, outputTokens: output.tokens });
    }
  } finally {
    parser.destroy();
  }
  if (index === null)
    throw new Error(`${filePath}: empty file, expected the header ${TRACE_COLUMNS.join(",")}`);
  return result;
}

function headerIndex(header: string[], filePath: string) {
  const missing = TRACE_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new Error(
      `${filePath}: header "${clip(header.join(","))}" lacks ${missing.join(", ")} (expected ${TRACE_COLUMNS.join(",")})`,
    );
  }
  return {
    TIMESTAMP: header.indexOf("TIMESTAMP"),
    ContextTokens: header.indexOf("ContextTokens"),
    GeneratedTokens: header.indexOf("GeneratedTokens"),
  };
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
