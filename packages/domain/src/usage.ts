// A usage report, validated and made canonical before anything touches the database. Token counts follow the
// brief: inputTokens counts every input token (cache reads and writes are parts of it), outputTokens every output
// token (reasoning is part of it).
import crypto from "node:crypto";
import { badInput } from "./errors.ts";
import { Decimal, formatDecimal, parseDecimal } from "./money.ts";

export const LIMITS = {
  /** Largest token count in one report (GraphQL Int). */
  maxTokens: 2_147_483_647,
  maxModelLength: 200,
  maxProviderLength: 100,
  maxIdempotencyKeyLength: 255,
  maxMetadataBytes: 8 * 1024,
  maxMetadataDepth: 5,
  /**
   * The largest cost of one usage, and the largest override price per million tokens. NUMERIC(38,18) holds 20
   * integer digits, and a window's counter adds every usage in it: with these bounds one usage costs at most
   * ~4.3e9 (two 2^31 token counts at the highest price) and a window overflows only after 10^10 usages. Without
   * them, one accepted cost near 10^20 made every later priced usage of the window fail.
   */
  maxCostUsd: "10000000000",
  maxUsdPerMtok: "1000000",
  /** A report may come from a clock slightly ahead of ours, not from the future. */
  maxFutureSkewMs: 5 * 60_000,
  earliestOccurredAt: new Date("2000-01-01T00:00:00Z"),
} as const;

export interface RecordUsageFields {
  idempotencyKey?: string | null;
  model: string;
  provider?: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number | null;
  cacheWriteTokens?: number | null;
  reasoningTokens?: number | null;
  costUsd?: string | null;
  occurredAt?: Date | string | null;
  metadata?: unknown;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface Usage {
  idempotencyKey: string | null;
  model: string;
  provider: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** Null: not reported by the caller (priced by the server, or UNPRICED). */
  costUsd: Decimal | null;
  /** Null: "when it is recorded". */
  occurredAt: Date | null;
  metadata: { [k: string]: JsonValue } | null;
  /** Fingerprint of the payload, to tell an idempotent replay from a conflicting reuse of the key. */
  requestHash: string;
}

export function totalTokens(u: Pick<Usage, "inputTokens" | "outputTokens">): number {
  return u.inputTokens + u.outputTokens;
}

function tokenCount(value: unknown, field: string, required: boolean): number {
  if (value === undefined || value === null) {
    if (required) throw badInput(field, "is required");
    return 0;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) throw badInput(field, "must be a whole number");
  if (!Number.isInteger(value)) throw badInput(field, "must be a whole number of tokens");
  if (value < 0) throw badInput(field, "must not be negative");
  if (value > LIMITS.maxTokens) throw badInput(field, `must be at most ${LIMITS.maxTokens}`);
  return value;
}

export function boundedText(value: unknown, field: string, max: number, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) throw badInput(field, "is required");
    return null;
  }
  if (typeof value !== "string") throw badInput(field, "must be a string");
  const s = value.trim();
  if (s.length === 0) {
    if (required) throw badInput(field, "must not be empty");
    return null;
  }
  if (s.length > max) throw badInput(field, `must be at most ${max} characters`);
  // Control characters in identifiers only ever cause trouble downstream (logs, CSV, terminals).
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(s)) throw badInput(field, "must not contain control characters");
  if (LONE_SURROGATE.test(s)) throw badInput(field, NOT_UNICODE);
  return s;
}

/** Half of a UTF-16 surrogate pair without its other half (in a `u` regex a whole pair is one code point). It has
 * no UTF-8 form: the database would store U+FFFD instead, or refuse the statement, and with it a whole batch. */
const LONE_SURROGATE = /\p{Cs}/u;
const NOT_UNICODE = "must be valid Unicode (it contains half of a UTF-16 surrogate pair)";

export function parseInstant(value: unknown, field: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw badInput(field, "is not a valid date-time");
    return value;
  }
  const m =
    typeof value === "string"
      ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/.exec(value)
      : null;
  if (!m) throw badInput(field, "must be an ISO-8601 date-time with a timezone, e.g. 2026-05-11T09:30:00Z");
  // JavaScript rolls impossible fields over (30 February becomes 2 March, 24:00 the next day), which would put a
  // usage in another window: the calendar fields must exist as written.
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[7] ?? "0"].map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth || hour! > 23 || minute! > 59 || second! > 59) {
    throw badInput(field, "is not a valid date-time");
  }
  if (m[10] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) throw badInput(field, "has an invalid UTC offset");
  const d = new Date(value as string);
  if (Number.isNaN(d.getTime())) throw badInput(field, "is not a valid date-time");
  return d;
}

function occurredAt(value: unknown, now: Date): Date | null {
  if (value === undefined || value === null) return null;
  const d = parseInstant(value, "occurredAt");
  if (d.getTime() > now.getTime() + LIMITS.maxFutureSkewMs) throw badInput("occurredAt", "is in the future");
  if (d < LIMITS.earliestOccurredAt) throw badInput("occurredAt", "is before 2000-01-01");
  return d;
}

function metadata(value: unknown): { [k: string]: JsonValue } | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) throw badInput("metadata", "must be a JSON object");
  const problem = metadataProblem(value);
  if (problem) throw badInput("metadata", problem);
  // Within the depth limit now, so the recursion of stringify is safe; the byte count is exact only here.
  const json = JSON.stringify(value);
  if (Buffer.byteLength(json) > LIMITS.maxMetadataBytes) throw badInput("metadata", TOO_LARGE);
  return JSON.parse(json) as { [k: string]: JsonValue };
}

const TOO_LARGE = `must be at most ${LIMITS.maxMetadataBytes} bytes as JSON`;
const TOO_DEEP = `must not nest deeper than ${LIMITS.maxMetadataDepth} levels`;
const NOT_FINITE =
  "must not hold numbers beyond the range of a double (1e400 would arrive as Infinity); send such values as strings";

/**
 * Why `metadata` is refused, or null. One pass with an explicit stack, stopping at the first problem, before
 * anything recursive touches the value: a request body may nest thousands of levels or hold hundreds of thousands
 * of elements, and a recursion ran out of stack on them. Every key and value costs at least one byte of JSON and a
 * string at least its length, so the walk also stops early at the size limit. Keys and strings are checked as
 * values: in the JSON text an escaped backslash followed by "u0000" would look like a NUL.
 */
function metadataProblem(root: object): string | null {
  const stack: [unknown, number][] = [[root, 1]];
  let budget = LIMITS.maxMetadataBytes;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    budget -= 1;
    if (typeof v === "string") {
      budget -= v.length;
      const problem = textProblem(v);
      if (problem) return problem;
    } else if (typeof v === "number") {
      if (!Number.isFinite(v)) return NOT_FINITE;
    } else if (v !== null && typeof v === "object") {
      if (depth > LIMITS.maxMetadataDepth) return TOO_DEEP;
      if (Array.isArray(v)) {
        if (v.length > budget) return TOO_LARGE;
        for (const inner of v) stack.push([inner, depth + 1]);
      } else {
        for (const [k, inner] of Object.entries(v)) {
          budget -= k.length + 1;
          if (budget < 0) return TOO_LARGE;
          const problem = textProblem(k);
          if (problem) return problem;
          stack.push([inner, depth + 1]);
        }
      }
    }
    if (budget < 0) return TOO_LARGE;
  }
  return null;
}

function textProblem(s: string): string | null {
  return s.includes("\u0000") ? NO_NUL : LONE_SURROGATE.test(s) ? NOT_UNICODE : null;
}

const NO_NUL = "must not contain NUL characters";

/** JSON with sorted keys, so equal payloads hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * The text hashed into requestHash: canonicalJson of the usage without its idempotency key, with the cost as a
 * plain decimal and the time as ISO-8601. Written out in canonicalJson's (sorted) key order rather than built and
 * sorted per call, as it runs for every recorded usage; hashes stored in the ledger must never change, which
 * test/usage-fingerprint.test.ts pins.
 */
export function fingerprintOf(usage: Omit<Usage, "requestHash">): string {
  const costUsd = usage.costUsd === null ? "null" : JSON.stringify(formatDecimal(usage.costUsd));
  const occurred = usage.occurredAt === null ? "null" : JSON.stringify(usage.occurredAt.toISOString());
  return (
    `{"cacheReadTokens":${usage.cacheReadTokens},"cacheWriteTokens":${usage.cacheWriteTokens},` +
    `"costUsd":${costUsd},"inputTokens":${usage.inputTokens},"metadata":${canonicalJson(usage.metadata)},` +
    `"model":${JSON.stringify(usage.model)},"occurredAt":${occurred},"outputTokens":${usage.outputTokens},` +
    `"provider":${JSON.stringify(usage.provider)},"reasoningTokens":${usage.reasoningTokens}}`
  );
}

/** Validates a report and returns its canonical form. Throws AppError(BAD_USER_INPUT) naming the field. */
export function normalizeUsage(input: RecordUsageFields, now: Date = new Date()): Usage {
  const usage = {
    idempotencyKey: boundedText(input.idempotencyKey, "idempotencyKey", LIMITS.maxIdempotencyKeyLength, false),
    model: boundedText(input.model, "model", LIMITS.maxModelLength, true)!,
    provider: boundedText(input.provider, "provider", LIMITS.maxProviderLength, false),
    inputTokens: tokenCount(input.inputTokens, "inputTokens", true),
    outputTokens: tokenCount(input.outputTokens, "outputTokens", true),
    cacheReadTokens: tokenCount(input.cacheReadTokens, "cacheReadTokens", false),
    cacheWriteTokens: tokenCount(input.cacheWriteTokens, "cacheWriteTokens", false),
    reasoningTokens: tokenCount(input.reasoningTokens, "reasoningTokens", false),
    costUsd: input.costUsd === undefined || input.costUsd === null ? null : parseDecimal(input.costUsd, "costUsd", { max: LIMITS.maxCostUsd }),
    occurredAt: occurredAt(input.occurredAt, now),
    metadata: metadata(input.metadata),
  };
  if (usage.cacheReadTokens + usage.cacheWriteTokens > usage.inputTokens) {
    throw badInput("cacheReadTokens", "cache read + cache write tokens are parts of inputTokens and cannot exceed it");
  }
  if (usage.reasoningTokens > usage.outputTokens) {
    throw badInput("reasoningTokens", "reasoning tokens are part of outputTokens and cannot exceed it");
  }
  const fingerprint = fingerprintOf(usage);
  return { ...usage, requestHash: crypto.hash("sha256", fingerprint, "hex") };
}
