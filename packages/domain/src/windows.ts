// Budget windows are calendar windows in the tenant's IANA timezone: DAY from local midnight, WEEK from Monday,
// MONTH from the 1st, TOTAL from the budget's start and never ending. Local days can be 23 or 25 hours long.
import { DateTime, IANAZone } from "luxon";
import { badInput } from "./errors.ts";

export type BudgetPeriod = "DAY" | "WEEK" | "MONTH" | "TOTAL";

export interface BudgetWindow {
  start: Date;
  /** Exclusive. Null for TOTAL. */
  end: Date | null;
}

/** The TOTAL window of a budget without an explicit start counts the whole ledger. */
export const BEGINNING_OF_TIME = new Date(0);

const UNIT = { DAY: "day", WEEK: "week", MONTH: "month" } as const;

export function isValidTimezone(tz: string): boolean {
  return IANAZone.isValidZone(tz);
}

export function assertTimezone(tz: string, field = "timezone"): string {
  if (typeof tz !== "string" || tz.length > 64 || !isValidTimezone(tz)) {
    throw badInput(field, `"${String(tz).slice(0, 64)}" is not an IANA timezone such as "Europe/Amsterdam"`);
  }
  // Canonical spelling as the zone database has it ("europe/amsterdam" -> "Europe/Amsterdam").
  return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
}

/** The window of `period` that contains the instant `at`, in `timezone`. */
export function windowFor(
  period: BudgetPeriod,
  timezone: string,
  at: Date,
  totalStart: Date | null = null,
): BudgetWindow {
  if (period === "TOTAL") return { start: totalStart ?? BEGINNING_OF_TIME, end: null };
  const unit = UNIT[period];
  const local = DateTime.fromJSDate(at, { zone: timezone });
  if (!local.isValid) throw new Error(`Invalid instant or timezone: ${at.toISOString()} ${timezone}`);
  const start = local.startOf(unit, { useLocaleWeeks: false });
  // Adding one calendar unit in local time lands on the next local midnight whatever DST does in between.
  const end = start.plus({ [`${unit}s`]: 1 }).startOf(unit, { useLocaleWeeks: false });
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** The window just before `window` (for history charts); null for TOTAL. */
export function previousWindow(period: BudgetPeriod, timezone: string, window: BudgetWindow): BudgetWindow | null {
  if (period === "TOTAL") return null;
  return windowFor(period, timezone, new Date(window.start.getTime() - 1));
}
