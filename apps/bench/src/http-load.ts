// One load cell over HTTP: `connections` clients each sending recordUsage (or recordUsageBatch) back to back for
// `seconds`, with trace rows as the usages and a fresh idempotency key per usage (as a careful client sends).
import autocannon from "autocannon";
import type { BenchTenant } from "./api-process.ts";
import { cpuMs, postgresCpuMsSince, postgresServerCpu } from "./proc.ts";
import type { TraceRow } from "./trace.ts";

export interface CellResult {
  requestsPerSec: number;
  usagesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  usages: number;
  /** Responses that were not 200 with recorded results, plus connection errors. */
  failed: number;
  /** Requests the load generator gave up on (60 s without an answer). */
  timeouts: number;
  seconds: number;
  /** Usages in the requests sent, answered or not (a request cut off when the cell ends may still be recorded). */
  usagesSent: number;
  /** API process CPU (user + system) per recorded usage: less sensitive to other load on the machine than rates. */
  apiCpuMsPerUsage: number | null;
  /** The same for the PostgreSQL server on this machine (all its processes; null for PGlite, which runs inside
   * the API, or a server elsewhere) and for this load generator: with the API's, where the cores went. */
  databaseCpuMsPerUsage: number | null;
  loadGeneratorCpuMsPerUsage: number;
}

const RECORD = `mutation($i: RecordUsageInput!) { recordUsage(input: $i) { recorded allowed duplicate } }`;
const RECORD_BATCH = `mutation($i: [RecordUsageInput!]!) { recordUsageBatch(inputs: $i) { recorded allowed duplicate } }`;

let runSeq = 0;

export async function httpCell(options: {
  url: string;
  apiPid: number;
  tenants: BenchTenant[];
  trace: TraceRow[];
  connections: number;
  seconds: number;
  /** 1: recordUsage; more: recordUsageBatch with this many usages per request. */
  batchSize: number;
  /** The database is a PostgreSQL server on this machine, whose processes' CPU is counted. */
  localPostgres: boolean;
}): Promise<CellResult> {
  const { tenants, trace, batchSize } = options;
  const run = `${Date.now().toString(36)}-${++runSeq}`;
  let n = 0;
  let failed = 0;
  let ok = 0;
  const usageFor = (tenant: BenchTenant) => {
    const row = trace[n % trace.length]!;
    n++;
    return {
      tenant: tenant.slug,
      idempotencyKey: `bench-${run}-${n}`,
      model: "gpt-4o",
      provider: "azure",
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      costUsd: row.costUsd,
    };
  };
  let next = 0;
  const cpuBefore = cpuMs(options.apiPid);
  const dbCpuBefore = options.localPostgres ? postgresServerCpu() : null;
  const ownCpuBefore = process.cpuUsage();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    // A request of 100 usages can queue behind others for seconds on a saturated machine: that is latency to
    // report, not a failure.
    timeout: 60,
    headers: { "content-type": "application/json" },
    requests: [
      {
        method: "POST",
        path: "/graphql",
        setupRequest: (req: any) => {
          // A service key records for its own tenant only: one tenant per request, tenants in turn.
          const tenant = tenants[next++ % tenants.length]!;
          const body =
            batchSize === 1
              ? JSON.stringify({ query: RECORD, variables: { i: usageFor(tenant) } })
              : JSON.stringify({
                  query: RECORD_BATCH,
                  variables: { i: Array.from({ length: batchSize }, () => usageFor(tenant)) },
                });
          return { ...req, headers: { ...req.headers, authorization: `Bearer ${tenant.key}` }, body };
        },
        onResponse: (status: number, body: string) => {
          // Every usage of the request answered as recorded (a batch is all or none, but count them anyway).
          const recorded = body.split('"recorded":true').length - 1;
          if (status !== 200 || body.includes('"errors"') || recorded !== batchSize) {
            if (failed++ < 3) console.error(`  failed response ${status}: ${body.slice(0, 300)}`);
          } else ok++;
        },
      },
    ],
  } as any);
  const result = (await instance) as any;
  const seconds = result.duration as number;
  const cpuAfter = cpuMs(options.apiPid);
  const dbCpuMs = postgresCpuMsSince(dbCpuBefore);
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const usages = ok * batchSize;
  const perUsage = (ms: number | null) =>
    ms === null || usages === 0 ? null : Math.round((ms / usages) * 1e4) / 1e4;
  return {
    requestsPerSec: Math.round(ok / seconds),
    usagesPerSec: Math.round((ok * batchSize) / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: ok,
    usages: ok * batchSize,
    usagesSent: n,
    // autocannon counts a timeout as an error too.
    failed: failed + Math.max(0, (result.errors as number) - (result.timeouts as number)),
    timeouts: result.timeouts as number,
    seconds: Math.round(seconds * 100) / 100,
    apiCpuMsPerUsage: perUsage(cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore),
    databaseCpuMsPerUsage: perUsage(dbCpuMs),
    loadGeneratorCpuMsPerUsage: perUsage((ownCpu.user + ownCpu.system) / 1000) ?? 0,
  };
}
