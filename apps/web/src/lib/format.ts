// Display formatting. Money strings are shown exactly as the ledger has them, with grouping and a $ sign.
export function usd(s: string | null | undefined): string {
  if (s === null || s === undefined) return "—";
  const neg = s.startsWith("-");
  const [int, frac] = (neg ? s.slice(1) : s).split(".");
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = frac === undefined ? ".00" : frac.length === 1 ? `.${frac}0` : `.${frac}`;
  return `${neg ? "-" : ""}$${grouped}${cents}`;
}

export function tokens(s: string | null | undefined): string {
  if (s === null || s === undefined) return "—";
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function dateTime(iso: string | Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    year: "numeric",
    month: "short",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(new Date(iso));
}

export function shortDate(iso: string | Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: timezone, month: "short", day: "2-digit" }).format(
    new Date(iso),
  );
}

export function timeOfDay(ms: number, timezone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", minute: "2-digit" }).format(
    new Date(ms),
  );
}

/** The UTC instant of local midnight starting `day` (YYYY-MM-DD) in `timezone` (DST-safe: re-checks the offset). */
export function localMidnight(day: string, timezone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const offsetAt = (t: number) => {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(new Date(t));
    const get = (k: string) => Number(parts.find((p) => p.type === k)!.value);
    return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - t;
  };
  let t = guess - offsetAt(guess);
  t = guess - offsetAt(t);
  return new Date(t);
}

export function isIsoDay(s: string | undefined): s is string {
  return !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
}
