import { describe, expect, it } from "vitest";
import { assertTimezone, windowFor } from "../src/windows.ts";

const iso = (d: Date | null) => d?.toISOString() ?? null;
const hours = (w: { start: Date; end: Date | null }) => (w.end!.getTime() - w.start.getTime()) / 3_600_000;

describe("calendar windows in the tenant's timezone", () => {
  it("Asia/Tokyo: 00:30 local on the 1st is a fresh day and month, not the 31st's", () => {
    // 2026-01-01T00:30+09:00 == 2025-12-31T15:30Z: in UTC it is still the 31st.
    const at = new Date("2025-12-31T15:30:00Z");
    const day = windowFor("DAY", "Asia/Tokyo", at);
    expect(iso(day.start)).toBe("2025-12-31T15:00:00.000Z");
    expect(iso(day.end)).toBe("2026-01-01T15:00:00.000Z");
    const dayBefore = windowFor("DAY", "Asia/Tokyo", new Date("2025-12-31T14:59:59.999Z"));
    expect(iso(dayBefore.end)).toBe(iso(day.start));
    expect(iso(windowFor("MONTH", "Asia/Tokyo", at).start)).toBe("2025-12-31T15:00:00.000Z");
  });

  it("Europe/Amsterdam spring forward: the day is 23 hours", () => {
    const w = windowFor("DAY", "Europe/Amsterdam", new Date("2026-03-29T12:00:00Z"));
    expect(iso(w.start)).toBe("2026-03-28T23:00:00.000Z");
    expect(iso(w.end)).toBe("2026-03-29T22:00:00.000Z");
    expect(hours(w)).toBe(23);
  });

  it("Europe/Amsterdam fall back: the day is 25 hours", () => {
    const w = windowFor("DAY", "Europe/Amsterdam", new Date("2026-10-25T12:00:00Z"));
    expect(iso(w.start)).toBe("2026-10-24T22:00:00.000Z");
    expect(iso(w.end)).toBe("2026-10-25T23:00:00.000Z");
    expect(hours(w)).toBe(25);
    // 02:30 local happens twice; both instants are in the same day.
    const first = windowFor("DAY", "Europe/Amsterdam", new Date("2026-10-25T00:30:00Z"));
    const second = windowFor("DAY", "Europe/Amsterdam", new Date("2026-10-25T01:30:00Z"));
    expect(iso(first.start)).toBe(iso(second.start));
  });

  it("WEEK starts on Monday local midnight", () => {
    // Sunday 2026-12-06 23:00 in New York is still the week of Monday 2026-11-30.
    const w = windowFor("WEEK", "America/New_York", new Date("2026-12-07T04:00:00Z"));
    expect(iso(w.start)).toBe("2026-11-30T05:00:00.000Z");
    expect(iso(w.end)).toBe("2026-12-07T05:00:00.000Z");
    const monday = windowFor("WEEK", "America/New_York", new Date("2026-12-07T05:00:00Z"));
    expect(iso(monday.start)).toBe("2026-12-07T05:00:00.000Z");
  });

  it("MONTH across February of a leap year", () => {
    const feb = windowFor("MONTH", "UTC", new Date("2028-02-29T23:59:59.999Z"));
    expect(iso(feb.start)).toBe("2028-02-01T00:00:00.000Z");
    expect(iso(feb.end)).toBe("2028-03-01T00:00:00.000Z");
    expect(hours(feb)).toBe(29 * 24);
    expect(hours(windowFor("MONTH", "UTC", new Date("2027-02-10T00:00:00Z")))).toBe(28 * 24);
  });

  it("TOTAL never resets", () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const a = windowFor("TOTAL", "Asia/Tokyo", new Date("2026-02-01T00:00:00Z"), start);
    const b = windowFor("TOTAL", "Asia/Tokyo", new Date("2036-02-01T00:00:00Z"), start);
    expect(a).toEqual({ start, end: null });
    expect(b).toEqual({ start, end: null });
    expect(windowFor("TOTAL", "UTC", new Date()).start.getTime()).toBe(0);
  });

  it("every instant lies in its own window, and consecutive windows tile time", () => {
    const zones = ["UTC", "Asia/Tokyo", "Europe/Amsterdam", "America/Los_Angeles", "Australia/Lord_Howe", "Asia/Kathmandu"];
    for (const tz of zones) {
      for (const period of ["DAY", "WEEK", "MONTH"] as const) {
        let at = new Date("2026-01-01T00:00:00Z");
        for (let i = 0; i < 60; i++) {
          const w = windowFor(period, tz, at);
          expect(w.start.getTime()).toBeLessThanOrEqual(at.getTime());
          expect(w.end!.getTime()).toBeGreaterThan(at.getTime());
          const next = windowFor(period, tz, w.end!);
          expect(next.start.getTime()).toBe(w.end!.getTime());
          at = new Date(at.getTime() + 6.5 * 86_400_000);
        }
      }
    }
  });

  it("timezones are validated and canonicalised", () => {
    expect(assertTimezone("europe/amsterdam")).toBe("Europe/Amsterdam");
    expect(() => assertTimezone("Mars/Olympus")).toThrow(/IANA timezone/);
    expect(() => assertTimezone("")).toThrow();
  });
});
