// parseInstant accepts only calendar fields that exist as written (regression: 30 February became 2 March).
import { describe, expect, it } from "vitest";
import { parseInstant } from "../src/usage.ts";

describe("parseInstant", () => {
  it.each(["2026-02-30T10:00:00Z", "2026-04-31T00:00:00Z", "2025-02-29T00:00:00Z", "2026-01-01T24:00:00Z",
    "2026-01-01T10:60:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-01T10:00:00+24:00", "2026-01-01"])(
    "refuses %s",
    (s) => expect(() => parseInstant(s, "at")).toThrow(/at:/),
  );
  it.each([
    ["2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999Z"],
    ["2026-11-01T00:30:00+09:00", "2026-10-31T15:30:00.000Z"],
    ["2026-03-29T02:30:00-05:30", "2026-03-29T08:00:00.000Z"],
  ])("accepts %s", (s, iso) => expect(parseInstant(s, "at").toISOString()).toBe(iso));
});
