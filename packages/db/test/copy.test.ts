// COPY's text format, which carries every new ledger row: each value must arrive exactly as written, on both
// databases (PostgreSQL through pg-copy-streams, PGlite through its /dev/blob input).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "../src/config.ts";
import { closePglite } from "../src/connection.ts";
import { copyText, openRawSql } from "../src/raw-sql.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spendline-copy-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("copyText", () => {
  it("escapes what would end a value, a row or an escape, and nothing else", () => {
    expect(copyText(null)).toBe("\\N");
    expect(copyText("\\N")).toBe("\\\\N");
    expect(copyText("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(copyText("plain ü \u{1F680} \"quoted\" 'single' ,;|")).toBe(
      "plain ü \u{1F680} \"quoted\" 'single' ,;|",
    );
    expect(copyText(42)).toBe("42");
    expect(copyText(false)).toBe("false");
  });
});

const values = [
  null,
  "",
  "\\N",
  "tab\there",
  "line\nbreak\r\nand return",
  "back\\slash \\t not a tab",
  "ü é \u{1F680} 中文",
  '{"json": "with \\"escapes\\" and \\\\ backslashes"}',
];

const targets: [string, DatabaseTarget | null][] = [
  ["PGlite", { kind: "pglite", dataDir: path.join(tmp, "pglite") }],
  ["PostgreSQL", process.env.DATABASE_URL ? { kind: "postgres", url: process.env.DATABASE_URL } : null],
];

describe.each(targets)("copyIn on %s", (_name, target) => {
  it.skipIf(target === null)("stores every value exactly as written, in order", async () => {
    const sql = openRawSql(target!);
    try {
      const stored = await sql.transaction(async (tx) => {
        await tx.$queryRawUnsafe(`CREATE TEMP TABLE copy_probe (n int, v text, j jsonb) ON COMMIT DROP`);
        const rows = values
          .map((v, n) => `${n}\t${copyText(v)}\t${copyText(v === null ? null : JSON.stringify({ v }))}\n`)
          .join("");
        await tx.copyIn("copy_probe (n, v, j)", rows);
        return tx.$queryRawUnsafe<{ n: number; v: string | null; j: { v: string } | null }[]>(
          `SELECT n, v, j FROM copy_probe ORDER BY n`,
        );
      });
      expect(stored).toEqual(values.map((v, n) => ({ n, v, j: v === null ? null : { v } })));
    } finally {
      await sql.close();
      if (target!.kind === "pglite") await closePglite(target!.dataDir);
    }
  });

  it.skipIf(target === null)(
    "a bad row fails the COPY and the transaction, and nothing of it stays",
    async () => {
      const sql = openRawSql(target!);
      // A table of this run's own: the PostgreSQL database may be shared with other runs.
      const kept = `copy_probe_${process.pid}_${Date.now()}`;
      try {
        await sql.transaction((tx) => tx.$queryRawUnsafe(`CREATE TABLE ${kept} (n int PRIMARY KEY)`));
        await expect(sql.transaction((tx) => tx.copyIn(`${kept} (n)`, "1\n2\n1\n"))).rejects.toMatchObject({
          code: "23505",
        });
        expect(await sql.$queryRawUnsafe(`SELECT n FROM ${kept}`)).toEqual([]);
        await sql.transaction((tx) => tx.$queryRawUnsafe(`DROP TABLE ${kept}`));
      } finally {
        await sql.close();
        if (target!.kind === "pglite") await closePglite(target!.dataDir);
      }
    },
  );
});
