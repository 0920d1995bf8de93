// Spreadsheet safety of single cells: pure, no database.
import { describe, expect, it } from "vitest";
import { numberCell, textCell, toRecord } from "../src/modules/exports/csv-cells.ts";

describe("csv cells", () => {
  it("prefixes text that a spreadsheet would run as a formula, and nothing else", () => {
    for (const s of ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")']) {
      expect(textCell(s)).toBe(`'${s}`);
    }
    for (const s of ["plain", "1=1", " =1", "'=1", '{"a": 1}', ""]) expect(textCell(s)).toBe(s);
    expect(textCell(null)).toBe("");
  });

  it("writes numbers as they are, negative ones included, and refuses anything that is not a plain number", () => {
    expect(numberCell("-0.125", "cost_usd")).toBe("-0.125");
    expect(numberCell("123456789.123456789012345678", "cost_usd")).toBe("123456789.123456789012345678");
    expect(numberCell(null, "cost_usd")).toBe("");
    for (const bad of ["=1", "1e5", "NaN", "1,5", " 1"]) expect(() => numberCell(bad, "x")).toThrow(/BUG/);
    expect(
      toRecord(
        [
          { name: "a", kind: "text" },
          { name: "b", kind: "number" },
        ],
        ["-a", "-1"],
      ),
    ).toEqual(["'-a", "-1"]);
  });
});
