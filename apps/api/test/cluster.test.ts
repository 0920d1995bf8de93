// The real cluster (src/cluster.ts): refused on PGlite; on PostgreSQL a SIGTERM to the primary under load drains
// every worker, each answer is a recording or a 503, every acknowledged usage is in the ledger, and it exits 0
// without waiting out main.ts's 25 s drain limit (idle keep-alive sockets once made it do so). A worker that ends
// on its own stops the whole cluster with exit 1, rather than leaving it running with fewer workers.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { expect, it } from "vitest";
import { pgConnectionFields } from "@spendline/db";
import { freshTarget } from "./testkit.ts";

const apiDir = path.resolve(import.meta.dirname, "..");

function startCluster(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cluster.ts"], {
    cwd: apiDir,
    env: { ...process.env, NODE_ENV: "development", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (b) => (output += b));
  child.stderr.on("data", (b) => (output += b));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** After a failed test: the workers first (they would outlive a killed primary), then the primary. */
function killAll(primary: ChildProcess) {
  if (primary.exitCode !== null || primary.signalCode !== null) return;
  for (const pid of childrenOf(primary.pid!)) process.kill(pid, "SIGKILL");
  primary.kill("SIGKILL");
}

/** Process ids whose parent is `pid` (Linux /proc): the cluster's workers. */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

interface RunningCluster {
  cluster: ReturnType<typeof startCluster>;
  /** http://127.0.0.1:<port> */
  base: string;
  url: string;
  adminToken: string;
  workers: number[];
}

/** Two workers on a fresh PostgreSQL database, listening; `fn` runs against them; then everything is gone. */
async function withCluster(fn: (c: RunningCluster) => Promise<void>): Promise<void> {
  const { target, drop } = await freshTarget();
  const url = target.kind === "postgres" ? target.url : "";
  const adminToken = `cluster-${crypto.randomBytes(8).toString("hex")}`;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const cluster = startCluster({
    DATABASE_URL: url,
    PORT: String(port),
    SPENDLINE_WORKERS: "2",
    SPENDLINE_ADMIN_TOKEN: adminToken,
  });
  try {
    for (let i = 0; i < 200 && (cluster.output().match(/Spendline API listening/g) ?? []).length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(cluster.output().match(/Spendline API listening/g)).toHaveLength(2);
    const workers = childrenOf(cluster.child.pid!);
    expect(workers).toHaveLength(2);
    await fn({ cluster, base: `http://127.0.0.1:${port}`, url, adminToken, workers });
  } finally {
    killAll(cluster.child);
    await drop();
  }
}

it("refuses PGlite: one process per data directory", async () => {
  const cluster = startCluster({ DATABASE_URL: "", SPENDLINE_DATA_DIR: "/nonexistent/never-opened" });
  expect(await cluster.exited).toBe(2);
  expect(cluster.output()).toMatch(/cluster mode needs PostgreSQL/);
});

it.skipIf(!process.env.DATABASE_URL)(
  "SIGTERM to the primary under load: both workers drain, every acknowledged usage is in the ledger, exit 0",
  () =>
    withCluster(async ({ cluster, base, url, adminToken }) => {
      // Keep-alive sockets, as real clients hold them: a drain must not wait for them to go idle and close.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
      const gql = (token: string, query: string, variables: unknown) =>
        new Promise<{ status: number; body: any }>((resolve, reject) => {
          const body = JSON.stringify({ query, variables });
          const req = http.request(
            `${base}/graphql`,
            {
              method: "POST",
              agent,
              headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            },
            (res) => {
              let text = "";
              res.on("data", (c) => (text += c));
              res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
            },
          );
          req.on("error", reject);
          req.end(body);
        });

      const slug = `cl-${crypto.randomBytes(3).toString("hex")}`;
      await gql(adminToken, `mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`, {
        i: { slug, name: slug },
      });
      const key = (
        await gql(adminToken, `mutation($t: String!) { createApiKey(tenant: $t, name: "k") { key } }`, {
          t: slug,
        })
      ).body.data.createApiKey.key as string;

      const recorded = new Set<string>();
      const others: string[] = [];
      let stop = false;
      let n = 0;
      const client = async () => {
        while (!stop) {
          const idempotencyKey = `c${n++}`;
          try {
            const r = await gql(
              key,
              `mutation($i: RecordUsageInput!) { recordUsage(input: $i) { recorded } }`,
              {
                i: {
                  tenant: slug,
                  model: "m",
                  inputTokens: 10,
                  outputTokens: 1,
                  costUsd: "0.01",
                  idempotencyKey,
                },
              },
            );
            if (r.body.data?.recordUsage?.recorded) recorded.add(idempotencyKey);
            else others.push(`${r.status} ${r.body.errors?.[0]?.extensions?.code}`);
          } catch {
            stop = true; // the listeners are closed: the drain is done with us
          }
        }
      };
      const clients = Array.from({ length: 8 }, client);
      // And idle keep-alive sockets (a client between calls), which a drain must close rather than wait for.
      const idle = new http.Agent({ keepAlive: true });
      await Promise.all(
        Array.from(
          { length: 4 },
          () =>
            new Promise((resolve) =>
              http.get(`${base}/healthz`, { agent: idle }, (r) => r.resume().on("end", resolve)),
            ),
        ),
      );
      while (recorded.size < 50) await new Promise((r) => setTimeout(r, 20));

      const signalled = performance.now();
      cluster.child.kill("SIGTERM");
      expect(await cluster.exited).toBe(0);
      const drainMs = performance.now() - signalled;
      stop = true;
      await Promise.all(clients);
      agent.destroy();
      idle.destroy();

      expect(cluster.output().match(/stopped cleanly/g)).toHaveLength(2);
      // Not a speed test: 20 s separates a drain that completes from one that waits out the 25 s limit.
      expect(drainMs).toBeLessThan(20_000);
      expect(others.filter((a) => a !== "503 SERVICE_UNAVAILABLE")).toEqual([]);
      const db = new pg.Client(pgConnectionFields(url));
      await db.connect();
      try {
        const { rows } = await db.query<{ key: string }>(
          `SELECT l.idempotency_key AS key FROM ledger_entries l JOIN tenants t ON t.id = l.tenant_id WHERE t.slug = $1`,
          [slug],
        );
        const inLedger = new Set(rows.map((r) => r.key));
        // Every acknowledged usage is in the ledger (a usage may also be there whose answer the drain cut off).
        expect([...recorded].filter((k) => !inLedger.has(k))).toEqual([]);
      } finally {
        await db.end();
      }
    }),
  120_000,
);

// Found in review: once the primary was stopping, every worker exit was ignored, so a drain that a worker never
// finished still ended with exit 0.
it.skipIf(!process.env.DATABASE_URL)(
  "a worker killed during a drain makes the cluster exit 1",
  () =>
    withCluster(async ({ cluster, workers }) => {
      // Whichever the primary sees first (its SIGTERM or the worker's death), the run did not end cleanly.
      cluster.child.kill("SIGTERM");
      process.kill(workers[0]!, "SIGKILL");
      expect(await cluster.exited).toBe(1);
      expect(cluster.output()).toMatch(new RegExp(`worker ${workers[0]} exited \\(SIGKILL\\)`));
    }),
  60_000,
);

it.skipIf(!process.env.DATABASE_URL)(
  "a worker that ends on its own stops the cluster, exit 1",
  () =>
    withCluster(async ({ cluster, workers }) => {
      // SIGTERM to one worker alone: it drains and exits 0, which the primary did not ask for.
      process.kill(workers[0]!, "SIGTERM");
      expect(await cluster.exited).toBe(1);
      expect(cluster.output()).toMatch(new RegExp(`worker ${workers[0]} exited \\(0\\); stopping`));
      expect(cluster.output().match(/stopped cleanly/g)).toHaveLength(2);
      for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    }),
  60_000,
);
