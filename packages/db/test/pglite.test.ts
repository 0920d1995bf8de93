// The embedded database's guard rails: one process per data directory, one instance per process, and
// migrations that are applied once and recorded where Prisma's CLI looks for them.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { closePglite, sharedPglite } from "../src/connection.ts";
import { migrate, readMigrations } from "../src/migrate.ts";
import { openDatabase } from "../src/database.ts";

const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spendline-db-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("PGlite data directory", () => {
  it("hands out one instance per directory within a process", async () => {
    const dir = path.join(tmp, "memo", "pglite");
    const [a, b] = await Promise.all([sharedPglite(dir), sharedPglite(dir)]);
    expect(a).toBe(b);
    await closePglite(dir);
  });

  it("refuses a second process with a clear message, and frees the directory on close", async () => {
    const dir = path.join(tmp, "locked", "pglite");
    await sharedPglite(dir);
    const script = path.join(tmp, "open-second.mts");
    fs.writeFileSync(
      script,
      `import { sharedPglite } from ${JSON.stringify(path.resolve("src/connection.ts"))};
      try { await sharedPglite(${JSON.stringify(dir)}); console.log("OPENED"); }
      catch (e) { console.log(e.name + ": " + e.message); }`,
    );
    const tsx = path.resolve("node_modules/.bin/tsx");
    const second = await run(tsx, [script]);
    expect(second.stdout).toContain("DataDirectoryLockedError");
    expect(second.stdout).toContain(`in use by process ${process.pid}`);
    await closePglite(dir);
    const third = await run(tsx, [script]);
    expect(third.stdout).toContain("OPENED");
  });

  it("takes over the lock of a process that died without releasing it", async () => {
    const dir = path.join(tmp, "stale", "pglite");
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(`${dir}.lock`, "999999999");
    const db = await sharedPglite(dir);
    expect((await db.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    expect(fs.readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    await closePglite(dir);
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });
});

describe("migrations", () => {
  it("apply once, with Prisma's checksums, and a second run changes nothing", async () => {
    const target = { kind: "pglite" as const, dataDir: path.join(tmp, "migrate", "pglite") };
    const first = await migrate(target);
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    const second = await migrate(target);
    expect(second).toEqual({ applied: [], alreadyApplied: readMigrations().length });
    const db = await sharedPglite(target.dataDir);
    const rows = (await db.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name`,
    )).rows;
    expect(rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum })));
    await closePglite(target.dataDir);
  });

  it("the ledger refuses deletes and rewrites of history", async () => {
    const db = await openDatabase({ target: { kind: "pglite", dataDir: path.join(tmp, "append-only", "pglite") } });
    const t = await db.prisma.tenant.create({ data: { slug: "t", name: "T", timezone: "UTC" } });
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO ledger_entries (tenant_id, id, request_hash, model, input_tokens, output_tokens, cost_usd,
         cost_source, occurred_at, allowed, decision)
       VALUES ($1::uuid, gen_random_uuid(), 'h', 'm', 1, 1, 0.5, 'REPORTED', now(), true, '[]')`,
      t.id,
    );
    // (Through the PGlite adapter the trigger's message is lost; the refusal is what matters.)
    await expect(db.prisma.$executeRawUnsafe(`DELETE FROM ledger_entries`)).rejects.toThrow();
    await expect(db.prisma.$executeRawUnsafe(`UPDATE ledger_entries SET cost_usd = 0`)).rejects.toThrow();
    const rows = await db.prisma.$queryRawUnsafe<{ n: string }[]>(`SELECT SUM(cost_usd)::text AS n FROM ledger_entries`);
    expect(rows).toEqual([{ n: "0.500000000000000000" }]);
    await db.close();
  });
});
