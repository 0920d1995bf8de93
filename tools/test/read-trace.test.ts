// CSV reading and row validation: every bad row is reported with its line, none is skipped silently.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTraceFile } from "../src/replay/read-trace.ts";
import { defaultPrefix, DEFAULT_FILES } from "../src/replay/config.ts";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "replay-read-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
};

describe("readTraceFile", () => {
  it("reads every row with its file line and tokens", async () => {
    const f = await readTraceFile(fixture("trace-40.csv"));
    expect(f.badRows).toEqual([]);
    expect(f.rows).toHaveLength(40);
    expect(f.rows[0]).toEqual({
      fileName: "trace-40.csv",
      line: 2,
      timestamp: "2023-11-16 18:17:03.9799600",
      inputTokens: 4808,
      outputTokens: 10,
    });
    expect(f.rows.at(-1)!.line).toBe(41);
    // Cross-check against a plain split of the file.
    const lines = fs.readFileSync(fixture("trace-40.csv"), "utf8").trim().split("\n").slice(1);
    expect(f.rows.reduce((n, r) => n + r.inputTokens, 0)).toBe(
      lines.reduce((n, l) => n + Number(l.split(",")[1]), 0),
    );
  });

  it("reports each bad row with its line and reason", async () => {
    const f = await readTraceFile(fixture("trace-bad.csv"));
    expect(f.rows.map((r) => r.line)).toEqual([2]);
    expect(f.badRows.map((b) => b.line)).toEqual([3, 4, 5, 6, 7, 8, 10]);
    expect(f.badRows.map((b) => b.reason)).toEqual([
      expect.stringContaining('ContextTokens "-396"'),
      expect.stringContaining('ContextTokens "879.5"'),
      expect.stringContaining("not a valid date-time"),
      "has 2 cells, the header has 3",
      expect.stringContaining('ContextTokens "abc"'),
      expect.stringContaining("above 2147483647"),
      expect.stringContaining("Quote Not Closed"),
    ]);
  });

  it("honours --limit, columns in any order, a BOM and CRLF", async () => {
    const p = write(
      "reordered.csv",
      "\ufeffGeneratedTokens,TIMESTAMP,ContextTokens\r\n5,2023-11-16 18:00:00,10\r\n6,2023-11-16T18:00:01.5,11\r\n7,2023-11-16 18:00:02,12\r\n",
    );
    const f = await readTraceFile(p, 2);
    expect(f.badRows).toEqual([]);
    expect(f.rows.map((r) => [r.line, r.inputTokens, r.outputTokens])).toEqual([
      [2, 10, 5],
      [3, 11, 6],
    ]);
  });

  it("numbers lines right in a file that mixes LF and CRLF (regression: CRLF rows after an LF header counted twice)", async () => {
    const p = write(
      "mixed.csv",
      "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00,1,1\r\n2023-11-16 18:00:01,2,2\r\n2023-11-16 18:00:02,3,3\n",
    );
    const f = await readTraceFile(p);
    expect(f.rows.map((r) => [r.line, r.inputTokens])).toEqual([
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
  });

  it("refuses a file without the trace's columns, or an empty one", async () => {
    await expect(readTraceFile(write("other.csv", "a,b,c\n1,2,3\n"))).rejects.toThrow(
      /lacks TIMESTAMP, ContextTokens, GeneratedTokens/,
    );
    await expect(readTraceFile(write("empty.csv", ""))).rejects.toThrow(/empty file/);
  });
});

describe("defaultPrefix", () => {
  it("is trace for the full default input and an input-specific set of tenants otherwise", () => {
    expect(defaultPrefix(DEFAULT_FILES, undefined)).toBe("trace");
    const limited = defaultPrefix(DEFAULT_FILES, 100);
    expect(limited).toMatch(/^trace-[0-9a-f]{6}$/);
    expect(defaultPrefix(DEFAULT_FILES, 100)).toBe(limited);
    expect(defaultPrefix(["/x/a.csv"], undefined)).not.toBe(defaultPrefix(["/x/b.csv"], undefined));
  });
});
