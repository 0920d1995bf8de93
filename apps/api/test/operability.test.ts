// What an operator relies on: JSON logs carrying the request id, /metrics in Prometheus format, /healthz and
// /readyz; and, on PostgreSQL, what a client sees while the database is unreachable (through a proxy we cut).
import crypto from "node:crypto";
import { Writable } from "node:stream";
import { openDatabase } from "@spendline/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer } from "../src/index.ts";
import { createLogger } from "../src/logger.ts";
import { TcpProxy } from "./tcp-proxy.ts";
import { RECORD, SET_BUDGET, freshTarget, ledgerAudit, startTestApi, type TestApi } from "./testkit.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

function metric(text: string, name: string, labels = ""): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `) || (labels === "" && l.startsWith(`${name} `)));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("/metrics", () => {
  it("counts requests, latency, recorded, blocked and duplicate usages", async () => {
    const t = await api.tenant();
    await api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "day", period: "DAY", limitCostUsd: "1" } });
    const before = await (await fetch(`${api.url}/metrics`)).text();
    const input = { tenant: t.slug, model: "m", inputTokens: 1, outputTokens: 1, costUsd: "0.6" };
    await api.gql(RECORD, { i: { ...input, idempotencyKey: "m1" } }, t.key);
    await api.gql(RECORD, { i: { ...input, idempotencyKey: "m2" } }, t.key); // 1.2 > 1: blocked
    await api.gql(RECORD, { i: { ...input, idempotencyKey: "m2" } }, t.key); // replay
    const res = await fetch(`${api.url}/metrics`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = await res.text();
    const delta = (name: string, labels = "") => metric(after, name, labels) - metric(before, name, labels);
    expect(delta("spendline_usage_recorded_total")).toBe(2);
    expect(delta("spendline_usage_blocked_total")).toBe(1);
    expect(delta("spendline_usage_duplicates_total")).toBe(1);
    expect(delta("spendline_http_requests_total", '{route="/graphql",status="200"}')).toBe(3);
    expect(after).toMatch(/spendline_http_request_duration_seconds_bucket\{le="0.1",route="\/graphql"\} \d+/);
    expect(after).toMatch(/# TYPE spendline_database_errors_total counter/);
  });

  it("/healthz and /readyz answer 200 with the database kind; unknown paths 404", async () => {
    for (const p of ["/healthz", "/readyz"]) {
      const r = await fetch(`${api.url}${p}`);
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ status: "ok", database: api.db.kind });
    }
    expect((await fetch(`${api.url}/nope`)).status).toBe(404);
  });
});

describe("logs", () => {
  it("one JSON line per request, with the request id the client sent (echoed in x-request-id)", async () => {
    const lines: any[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split("\n")) if (l.trim()) lines.push(JSON.parse(l));
        done();
      },
    });
    const server = await startApiServer({ db: api.db, adminToken: api.adminToken, log: createLogger("info", sink) });
    try {
      const res = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "req-abc-123", authorization: `Bearer ${api.adminToken}` },
        body: JSON.stringify({ query: "{ health }" }),
      });
      expect(res.headers.get("x-request-id")).toBe("req-abc-123");
      await res.text();
      await new Promise((r) => setTimeout(r, 50));
      const line = lines.find((l) => l.requestId === "req-abc-123" && l.msg === "request");
      expect(line).toMatchObject({ level: 30, service: "spendline-api", method: "POST", path: "/graphql", status: 200 });
      expect(JSON.stringify(lines)).not.toContain(api.adminToken);
    } finally {
      await server.close();
    }
  });
});

// Needs a server to cut: PostgreSQL only (the PGlite suite has no network between the API and its database).
/** A real API whose PostgreSQL connections all pass through a proxy the test can cut; `pool` sizes the Prisma pool. */
async function apiBehindProxy(pool?: number) {
  const { target, drop } = await freshTarget();
  if (target.kind !== "postgres") throw new Error("unreachable");
  const u = new URL(target.url);
  const proxy = new TcpProxy(0, { host: u.hostname, port: Number(u.port || 5432) });
  await proxy.start();
  u.port = String(proxy.port);
  const migrated = await openDatabase({ target });
  await migrated.close();
  const savedPool = process.env.SPENDLINE_DB_POOL;
  if (pool) process.env.SPENDLINE_DB_POOL = String(pool);
  const db = await openDatabase({ target: { kind: "postgres", url: u.toString() }, migrate: false });
  if (savedPool === undefined) delete process.env.SPENDLINE_DB_POOL;
  else process.env.SPENDLINE_DB_POOL = savedPool;
  const adminToken = `op-${crypto.randomBytes(6).toString("hex")}`;
  const server = await startApiServer({ db, adminToken, log: createLogger("silent") });
  const gql = async (query: string, variables?: unknown, token = adminToken) => {
    const r = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  return {
    db,
    proxy,
    server,
    gql,
    async close() {
      await server.close();
      await db.close();
      await proxy.stop();
      await drop();
    },
  };
}

describe.skipIf(!process.env.DATABASE_URL)("PostgreSQL unreachable", () => {
  it("answers 503 SERVICE_UNAVAILABLE (never recorded: true), /readyz 503, and recovers by itself", async () => {
    const { db, proxy, server, gql, close } = await apiBehindProxy();
    try {
      await gql(`mutation { createTenant(input: { slug: "op-cut", name: "x" }) { id } }`);
      const input = { tenant: "op-cut", model: "m", inputTokens: 1, outputTokens: 1, costUsd: "0.1", idempotencyKey: "cut-1" };
      await proxy.cut();
      const during = await gql(RECORD, { i: input });
      // Regression: a resolver-level database failure was answered HTTP 200 with the error in the body.
      expect(during.status).toBe(503);
      expect(during.body.errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
      expect(during.body.data?.recordUsage ?? null).toBeNull();
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metric(metrics, "spendline_database_errors_total")).toBeGreaterThanOrEqual(1);

      await proxy.restore();
      let ready = 0;
      for (let i = 0; i < 50 && ready !== 200; i++) {
        ready = (await fetch(`${server.url}/readyz`)).status;
        if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready).toBe(200);
      const retried = await gql(RECORD, { i: input });
      expect(retried.body.data.recordUsage).toMatchObject({ recorded: true });
      const tenantId = (await gql(`{ tenant(slug: "op-cut") { id } }`)).body.data.tenant.id;
      expect(await ledgerAudit(db, tenantId)).toMatchObject({ rows: 1, counterMismatches: [] });
    } finally {
      await close();
    }
  });

  // Regressions found by `pnpm outage`: (1) a checked-out connection of the plain-SQL pool dropping between two
  // statements emitted an unhandled "error" that killed the process; (2) Prisma never released a transaction's
  // connection when its ROLLBACK/COMMIT failed on a dead socket, so after an outage or two the pool was empty for
  // good. A pool of 2 makes the leak show at once.
  it("survives repeated cuts with transactions in flight: no crash, and every pool recovers", async () => {
    const { db, proxy, server, gql, close } = await apiBehindProxy(2);
    let stop = false;
    let n = 0;
    const acknowledged: string[] = [];
    try {
      await gql(`mutation { createTenant(input: { slug: "op-cuts", name: "x" }) { id } }`);
      const created = await gql(SET_BUDGET, { i: { tenant: "op-cuts", name: "d", period: "DAY", limitCostUsd: "1000" } });
      const budget = { id: created.body.data.setBudget.id, tenant: "op-cuts", name: "d", period: "DAY", limitCostUsd: "1000" };
      const worker = async (w: number) => {
        while (!stop) {
          const key = `w${w}-${n++}`;
          const r =
            w % 2 === 0
              ? await gql(RECORD, { i: { tenant: "op-cuts", model: "m", inputTokens: 1, outputTokens: 1, costUsd: "0.01", idempotencyKey: key } })
              : await gql(SET_BUDGET, { i: budget }); // a Prisma interactive transaction under the tenant lock
          expect([200, 503]).toContain(r.status);
          if (w % 2 === 0 && r.body.data?.recordUsage?.recorded) acknowledged.push(key);
        }
      };
      const workers = Array.from({ length: 8 }, (_, w) => worker(w));
      for (let cycle = 0; cycle < 3; cycle++) {
        await new Promise((r) => setTimeout(r, 300));
        await proxy.cut();
        await new Promise((r) => setTimeout(r, 300));
        await proxy.restore();
        let ready = 0;
        for (let i = 0; i < 100 && ready !== 200; i++) {
          ready = (await fetch(`${server.url}/readyz`)).status;
          if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
        }
        expect(ready).toBe(200);
      }
      stop = true;
      await Promise.all(workers);
      // Both pools serve again: a budget change (Prisma) and a recording (plain SQL) succeed.
      expect((await gql(SET_BUDGET, { i: budget })).body.data?.setBudget).toBeTruthy();
      const after = await gql(RECORD, { i: { tenant: "op-cuts", model: "m", inputTokens: 1, outputTokens: 1, costUsd: "0.01", idempotencyKey: "after" } });
      expect(after.body.data.recordUsage.recorded).toBe(true);
      const tenantId = (await gql(`{ tenant(slug: "op-cuts") { id } }`)).body.data.tenant.id;
      const audit = await ledgerAudit(db, tenantId);
      expect(audit.counterMismatches).toEqual([]);
      expect(audit.rows).toBeGreaterThanOrEqual(acknowledged.length + 1);
    } finally {
      stop = true;
      await close();
    }
  });
});
