// Query-string parameters of the export endpoints, validated into one options object. Unknown or repeated
// parameters are refused, so a typo ("tenants=") never silently widens an export to all tenants.
import { badInput, parseInstant } from "@spendline/domain";

export type SummaryZone = "tenant" | "UTC";

export interface ExportRange {
  /** Inclusive start. For a plain date, its first instant (UTC midnight for the ledger). */
  from: string;
  /** Exclusive end. */
  to: string;
  /** As written in file names: the date, or the instant in compact UTC form. */
  fromLabel: string;
  toLabel: string;
}

export interface ExportParams {
  tenant: string | null;
  bom: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function single(search: URLSearchParams, name: string): string | null {
  const all = search.getAll(name);
  if (all.length > 1) throw badInput(name, "is given more than once");
  return all[0] ?? null;
}

function rejectUnknown(search: URLSearchParams, allowed: readonly string[]): void {
  for (const name of search.keys()) {
    if (!allowed.includes(name))
      throw badInput(name, `is not a parameter of this export (allowed: ${allowed.join(", ")})`);
  }
}

/** A calendar date YYYY-MM-DD that exists (no 2026-02-30). */
export function parseDate(value: string, field: string): string {
  const m = DATE.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== value) throw badInput(field, "must be a date YYYY-MM-DD");
  return value;
}

function required(search: URLSearchParams, name: string): string {
  const v = single(search, name);
  if (v === null || v === "") throw badInput(name, "is required");
  return v;
}

function common(search: URLSearchParams): ExportParams {
  const tenant = single(search, "tenant");
  if (tenant !== null && (tenant.length === 0 || tenant.length > 63))
    throw badInput("tenant", "must be a tenant slug");
  const bom = single(search, "bom");
  if (bom !== null && bom !== "0" && bom !== "1")
    throw badInput("bom", 'must be "1" (write a UTF-8 BOM) or "0"');
  return { tenant, bom: bom === "1" };
}

/** Ledger: `from` / `to` are ISO-8601 instants with an offset, or dates (UTC midnight); half-open [from, to). */
export function ledgerParams(search: URLSearchParams): ExportParams & { range: ExportRange } {
  rejectUnknown(search, ["tenant", "from", "to", "bom"]);
  const bound = (name: "from" | "to") => {
    const raw = required(search, name);
    if (DATE.test(raw)) {
      const date = parseDate(raw, name);
      return { at: new Date(`${date}T00:00:00Z`), label: date };
    }
    if (!/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
      throw badInput(name, "must be a date YYYY-MM-DD or an ISO-8601 date-time with a timezone (2026-11-01T09:30:00Z)");
    }
    const at = parseInstant(raw, name);
    return {
      at,
      label: at
        .toISOString()
        .replace(/\.000Z$/, "Z")
        .replace(/[-:]/g, ""),
    };
  };
  const from = bound("from");
  const to = bound("to");
  if (from.at >= to.at) throw badInput("to", "must be after from");
  return {
    ...common(search),
    range: { from: from.at.toISOString(), to: to.at.toISOString(), fromLabel: from.label, toLabel: to.label },
  };
}

/** Daily summary: `from` / `to` are local calendar dates, half-open [from, to); `tz` is "tenant" (default) or
 * "UTC". */
export function summaryParams(
  search: URLSearchParams,
): ExportParams & { range: ExportRange; zone: SummaryZone } {
  rejectUnknown(search, ["tenant", "from", "to", "tz", "bom"]);
  const from = parseDate(required(search, "from"), "from");
  const to = parseDate(required(search, "to"), "to");
  if (from >= to) throw badInput("to", "must be after from (to is exclusive)");
  const tz = single(search, "tz") ?? "tenant";
  if (tz !== "tenant" && tz !== "UTC")
    throw badInput("tz", 'must be "tenant" (each tenant\'s timezone) or "UTC"');
  return { ...common(search), range: { from, to, fromLabel: from, toLabel: to }, zone: tz };
}
