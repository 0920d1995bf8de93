// The replay against a real API and database (PGlite, or PostgreSQL with DATABASE_URL): exact totals, reruns
// that record nothing new, retries that cannot double-count, and audits that catch a ledger that does not add up.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Decimal } from "@spendline/domain";
import { ledgerAudit, RECORD, startTestApi, type TestApi } from "@spendline/api/testkit";
import { ReplayStoppedError, runReplay, type ReplayOptions } from "../src/replay/replay.ts";
import { MODEL_PRICES } from "../src/replay/prices.ts";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const TRACE = fixture("trace-40.csv");

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

let prefixes = 0;
const freshPrefix = () => `rp${process.pid}-${++prefixes}`;
const replay = (prefix: string, options: Partial<ReplayOptions> = {}) =>
  runReplay({
    url: api.url,
    adminToken: api.adminToken,
    files: [TRACE],
    prefix,
    out: () => {},
    progress: null,
    ...options,
  });

/** Straight SQL over the prefix's tenants, with each row's cost re-derived in NUMERIC from the stated prices. */
async function sqlTotals(prefix: string) {
  const prices = MODEL_PRICES.map(
    (m) => `('${m.model}', ${m.inputPerMTok}::numeric, ${m.outputPerMTok}::numeric)`,
  ).join(",");
  const [row] = await api.db.prisma.$queryRawUnsafe<Record<string, string>[]>(
    `SELECT COUNT(*)::text AS entries, SUM(l.cost_usd)::text AS cost,
            SUM((l.input_tokens * p.pin + l.output_tokens * p.pout) / 1000000)::text AS repriced,
            SUM(l.input_tokens)::text AS input, SUM(l.output_tokens)::text AS output,
            COUNT(*) FILTER (WHERE NOT l.allowed)::text AS blocked,
            COUNT(DISTINCT l.idempotency_key)::text AS keys
     FROM ledger_entries l JOIN tenants t ON t.id = l.tenant_id
     JOIN (VALUES ${prices}) AS p(model, pin, pout) ON p.model = l.model
     WHERE t.slug LIKE $1`,
    `${prefix}-%`,
  );
  return row!;
}

async function tenantIds(prefix: string) {
  return api.db.prisma.$queryRawUnsafe<{ id: string; slug: string }[]>(
    `SELECT id::text, slug FROM tenants WHERE slug LIKE $1 ORDER BY slug`,
    `${prefix}-%`,
  );
}

/** The fixture's token sums by a plain split, independent of the replay's CSV reader. */
function fixtureTokens() {
  const lines = fs.readFileSync(TRACE, "utf8").trim().split(/\r?\n/).slice(1);
  return {
    rows: lines.length,
    input: lines.reduce((n, l) => n + Number(l.split(",")[1]), 0),
    output: lines.reduce((n, l) => n + Number(l.split(",")[2]), 0),
  };
}

/** A proxy in front of the API that passes each answer through `transform` (null: drop the connection instead). */
async function startProxy(transform: (body: Buffer) => Buffer | null) {
  const target = new URL(api.url);
  const server = http.createServer((req, res) => {
    const forward = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (upstream) => {
        const chunks: Buffer[] = [];
        upstream.on("data", (c: Buffer) => chunks.push(c));
        upstream.on("end", () => {
          const body = transform(Buffer.concat(chunks));
          if (body === null) return void req.socket.destroy();
          res.writeHead(upstream.statusCode ?? 502, {
            "content-type": upstream.headers["content-type"] ?? "application/json",
            "content-length": body.length,
          });
          res.end(body);
        });
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("replay", () => {
  it("records every row once, at exactly the stated prices, and a rerun records nothing new", async () => {
    const prefix = freshPrefix();
    const expected = fixtureTokens();
    const first = await replay(prefix);
    expect(first.problems).toEqual([]);
    expect(first.ok).toBe(true);
    expect(first.totals).toMatchObject({ sent: expected.rows, newRows: expected.rows, duplicates: 0 });

    const sql = await sqlTotals(prefix);
    expect(sql.entries).toBe(String(expected.rows));
    expect(sql.keys).toBe(String(expected.rows));
    expect(sql.input).toBe(String(expected.input));
    expect(sql.output).toBe(String(expected.output));
    // The ledger holds exactly the cost the price table gives, recomputed by the database.
    expect(new Decimal(sql.cost!).equals(sql.repriced!)).toBe(true);
    expect(new Decimal(sql.cost!).equals(first.totals.costUsd)).toBe(true);
    expect(first.totals.ledgerCostUsd.equals(first.totals.costUsd)).toBe(true);
    // The generated caps are crossed: some calls are answered allowed: false, and the ledger says the same.
    expect(first.totals.blocked).toBeGreaterThan(0);
    expect(sql.blocked).toBe(String(first.totals.blocked));
    const exceeded = first.tenants.flatMap((t) =>
      t.audit.budgets.filter((b) => b.exceeded).map((b) => b.name),
    );
    expect(exceeded).toEqual(
      expect.arrayContaining(["daily hard cap", "monthly soft cap", "daily token cap"]),
    );
    const acme = first.tenants.find((t) => t.plan.tenant.slug === `${prefix}-acme`)!;
    const acmeCap = acme.audit.budgets.find((b) => b.name === "daily hard cap")!;
    expect(acmeCap.overCapUsd!.equals(new Decimal(acmeCap.usedCostUsd).minus(acmeCap.limitCostUsd!))).toBe(
      true,
    );
    for (const t of await tenantIds(prefix)) {
      expect((await ledgerAudit(api.db, t.id)).counterMismatches).toEqual([]);
    }

    const second = await replay(prefix);
    expect(second.problems).toEqual([]);
    expect(second.totals).toMatchObject({
      sent: expected.rows,
      newRows: 0,
      duplicates: expected.rows,
      blocked: first.totals.blocked,
    });
    expect(second.totals.ledgerCostUsd.equals(first.totals.ledgerCostUsd)).toBe(true);
    expect(second.caps.every((c) => c.action === "unchanged")).toBe(true);
    expect(await sqlTotals(prefix)).toEqual(sql);
  });

  it("retries a request whose answer was lost with the same key, so it counts once", async () => {
    // Every third recordUsage is committed by the API but its answer is dropped: the replay sees a network error.
    let n = 0;
    let dropped = 0;
    const proxy = await startProxy((body) => {
      if (body.includes("recordUsage") && ++n % 3 === 0) {
        dropped++;
        return null;
      }
      return body;
    });
    try {
      const prefix = freshPrefix();
      const result = await replay(prefix, { url: proxy.url, concurrency: 4 });
      expect(dropped).toBeGreaterThan(0);
      expect(result.problems).toEqual([]);
      expect(result.retriedRequests).toBeGreaterThan(0);
      // Each lost answer's retry was answered duplicate: true; the ledger still has one row per CSV row.
      expect(result.totals.duplicates).toBeGreaterThan(0);
      expect(result.totals.newRows + result.totals.duplicates).toBe(40);
      expect((await sqlTotals(prefix)).entries).toBe("40");
    } finally {
      await proxy.close();
    }
  });

  it("stops sending, instead of grinding through every row's retries, when the API stops answering", async () => {
    // Set-up and the first 5 recordUsage answers pass; then every recordUsage connection is dropped.
    let answered = 0;
    const proxy = await startProxy((body) =>
      body.includes('"recordUsage"') && ++answered > 5 ? null : body,
    );
    try {
      const error = await replay(freshPrefix(), {
        url: proxy.url,
        retries: 1,
        concurrency: 2,
        stopAfterConsecutiveFailures: 4,
      }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(ReplayStoppedError);
      const m =
        /^stopped: [45] rows in a row could not reach the API .* (\d+) of 40 rows were attempted/.exec(
          (error as Error).message,
        );
      expect(m).not.toBeNull();
      // 5 recorded, then 4 failures (plus at most one more in flight): far from all 40.
      expect(Number(m![1])).toBeLessThanOrEqual(5 + 4 + 2);
    } finally {
      await proxy.close();
    }
  });

  it("counts a row whose entry does not hold the cost it sent as not recorded", async () => {
    // The answer to one recordUsage claims another cost than the one sent (as a server that rounded would).
    let rewritten = 0;
    const proxy = await startProxy((body) => {
      if (rewritten > 0 || !body.includes('"recordUsage"')) return body;
      rewritten++;
      return Buffer.from(body.toString().replace(/"costUsd":"[0-9.]+"/, '"costUsd":"0.01"'));
    });
    try {
      const result = await replay(freshPrefix(), { url: proxy.url, limit: 5 });
      expect(rewritten).toBe(1);
      expect(result.ok).toBe(false);
      expect(result.failures).toEqual([expect.objectContaining({ code: "COST_MISMATCH" })]);
      expect(result.problems).toContain("1 row(s) were not recorded");
    } finally {
      await proxy.close();
    }
  });

  it("detects a ledger that holds a row the replay did not send", async () => {
    const prefix = freshPrefix();
    expect((await replay(prefix, { limit: 10 })).ok).toBe(true);
    const extra = await api.gql(RECORD, {
      i: { tenant: `${prefix}-acme`, model: "gpt-4o", inputTokens: 1, outputTokens: 1, costUsd: "0.5" },
    });
    expect(extra.errors).toBeUndefined();
    const rerun = await replay(prefix, { limit: 10 });
    expect(rerun.ok).toBe(false);
    expect(rerun.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${prefix}-acme: entries is \\d+ in the ledger, expected \\d+`)),
        expect.stringMatching(new RegExp(`^${prefix}-acme: costUsd is`)),
      ]),
    );
  });

  it("detects a budget counter that no longer equals the ledger over its window", async () => {
    const prefix = freshPrefix();
    expect((await replay(prefix, { limit: 10 })).ok).toBe(true);
    const [acme] = await tenantIds(prefix);
    // Corrupt the counter behind the API's back: exactly the drift the product exists to prevent.
    const changed = await api.db.prisma.$executeRawUnsafe(
      `UPDATE budget_counters SET used_cost_usd = used_cost_usd + 0.000001 WHERE tenant_id = $1::uuid`,
      acme!.id,
    );
    expect(changed).toBeGreaterThan(0);
    const rerun = await replay(prefix, { limit: 10 });
    expect(rerun.ok).toBe(false);
    expect(rerun.problems).toEqual([
      expect.stringMatching(/budget "daily hard cap" .*counter usedCostUsd .* != ledger sum over the window/),
    ]);
  });

  it("reports bad CSV rows, records the good ones, and fails", async () => {
    const prefix = freshPrefix();
    const result = await replay(prefix, { files: [fixture("trace-bad.csv")] });
    expect(result.ok).toBe(false);
    expect(result.badRows).toHaveLength(7);
    expect(result.problems).toEqual(["7 bad input row(s) were not sent"]);
    expect(result.totals.newRows).toBe(1);
    expect((await sqlTotals(prefix)).entries).toBe("1");
  });

  it("the CLI exits 1 on a bad row and 0 when the ledger adds up", async () => {
    const run = promisify(execFile);
    const cli = (args: string[]) =>
      run(
        process.execPath,
        ["--import", "tsx", path.resolve(import.meta.dirname, "../src/replay/main.ts"), ...args],
        {
          env: { ...process.env, SPENDLINE_URL: api.url, SPENDLINE_TOKEN: api.adminToken },
        },
      ).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
      );
    const bad = await cli([fixture("trace-bad.csv"), "--prefix", freshPrefix()]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("bad row trace-bad.csv:3:");
    expect(bad.stdout).toContain("CHECK FAILED");
    const good = await cli([TRACE, "--limit", "5", "--prefix", freshPrefix()]);
    expect(good.stdout).toContain("CHECK OK");
    expect(good.code).toBe(0);
  });
});
