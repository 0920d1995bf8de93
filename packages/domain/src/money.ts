// Exact money. Every USD amount is a Decimal from the request to the database and back; a JavaScript number on
// this path is a bug. Amounts travel as strings ("0.114471").
import { Decimal as DecimalJs } from "decimal.js";
import { badInput } from "./errors.ts";

/** decimal.js with enough precision for NUMERIC(38,18) sums, and never exponent notation in strings. */
export const Decimal = DecimalJs.clone({
  precision: 80,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -80,
  toExpPos: 80,
});
export type Decimal = InstanceType<typeof Decimal>;

/** The database keeps 18 fractional digits and 20 integer digits (NUMERIC(38,18)). */
export const USD_SCALE = 18;
const MAX_INTEGER_DIGITS = 20;
const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

export interface ParseDecimalOptions {
  allowNegative?: boolean;
  /** The largest value accepted (plain decimal text, e.g. LIMITS.maxCostUsd). */
  max?: string;
}

/** Parses a decimal string exactly; rejects anything that is not plain decimal notation within NUMERIC(38,18). */
export function parseDecimal(value: unknown, field: string, options: ParseDecimalOptions = {}): Decimal {
  if (typeof value !== "string") {
    throw badInput(field, "must be a decimal string such as \"0.114471\" (numbers would lose precision)");
  }
  const m = DECIMAL_PATTERN.exec(value.trim());
  if (!m) throw badInput(field, `"${truncate(value)}" is not a decimal number`);
  const [, sign, whole = "", fraction = ""] = m;
  if (sign && !options.allowNegative) throw badInput(field, "must not be negative");
  if (fraction.length > USD_SCALE) throw badInput(field, `has more than ${USD_SCALE} fractional digits`);
  if (whole.replace(/^0+(?=\d)/, "").length > MAX_INTEGER_DIGITS) throw badInput(field, "is too large");
  const d = new Decimal(value.trim());
  if (options.max !== undefined && d.gt(options.max)) throw badInput(field, `must be at most ${options.max}`);
  return d.isZero() ? new Decimal(0) : d;
}

/** Canonical string: no exponent, no trailing zeros ("0.180471", "1.1", "0"). */
export function formatDecimal(d: Decimal | string): string {
  const v = typeof d === "string" ? new Decimal(d) : d;
  return v.toFixed();
}

export function sumDecimals(values: Iterable<Decimal | string>): Decimal {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v);
  return total;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
