// Ledger ids: RFC 9562 version 7, time-ordered, and unique across refills of the pooled randomness.
import { describe, expect, it } from "vitest";
import { isUuid, uuidv7 } from "../src/modules/common/uuidv7.ts";

describe("uuidv7", () => {
  it("is a version 7, variant 10 UUID whose first 48 bits are the milliseconds", () => {
    const at = new Date("2026-12-03T19:30:00.123Z");
    const id = uuidv7(at);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe("7");
    expect(["8", "9", "a", "b"]).toContain(id[19]);
    expect(parseInt(id.replaceAll("-", "").slice(0, 12), 16)).toBe(at.getTime());
  });

  it("encodes times past 2^32 ms and near the 48-bit end exactly", () => {
    for (const ms of [0, 2 ** 32 + 5, Date.UTC(2100, 0, 1), 2 ** 48 - 1]) {
      expect(parseInt(uuidv7(new Date(ms)).replaceAll("-", "").slice(0, 12), 16)).toBe(ms);
    }
  });

  it("never repeats, across many refills of the random pool", () => {
    const at = new Date();
    const ids = new Set(Array.from({ length: 5000 }, () => uuidv7(at)));
    expect(ids.size).toBe(5000);
  });

  it("sorts by time: a later millisecond gives a larger id", () => {
    const a = uuidv7(new Date(1_800_000_000_000));
    const b = uuidv7(new Date(1_800_000_000_001));
    expect(a < b).toBe(true);
  });
});
