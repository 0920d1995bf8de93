// Prometheus metrics for GET /metrics. One registry per server (tests run several servers in one process).
// Labels are bounded: the path is one of the known routes, never the raw URL.
import client from "prom-client";

const ROUTES = new Set(["/graphql", "/healthz", "/readyz", "/metrics"]);

export interface Metrics {
  registry: client.Registry;
  observeRequest(path: string, status: number, seconds: number): void;
  usageRecorded(result: { allowed: boolean; duplicate: boolean }): void;
  databaseError(): void;
  /** A recording request answered by graphql/fast-path.ts rather than Apollo's pipeline. */
  fastPathServed(): void;
}

export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "spendline_process_" });
  const requests = new client.Counter({
    name: "spendline_http_requests_total",
    help: "HTTP requests answered, by route and status.",
    labelNames: ["route", "status"],
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: "spendline_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by route.",
    labelNames: ["route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const recorded = new client.Counter({
    name: "spendline_usage_recorded_total",
    help: "Usages written to the ledger (idempotent replays not included).",
    registers: [registry],
  });
  const blocked = new client.Counter({
    name: "spendline_usage_blocked_total",
    help: "Usages written with allowed: false (a HARD budget is over its limit).",
    registers: [registry],
  });
  const duplicates = new client.Counter({
    name: "spendline_usage_duplicates_total",
    help: "recordUsage calls answered from an earlier recording of the same idempotency key.",
    registers: [registry],
  });
  const fastPath = new client.Counter({
    name: "spendline_graphql_fast_path_requests_total",
    help: "recordUsage / recordUsageBatch requests executed without Apollo's per-request pipeline.",
    registers: [registry],
  });
  const dbErrors = new client.Counter({
    name: "spendline_database_errors_total",
    help: "Requests that failed because the database was unavailable.",
    registers: [registry],
  });
  return {
    registry,
    observeRequest(path, status, seconds) {
      const route = ROUTES.has(path) ? path : "other";
      requests.inc({ route, status: String(status) });
      latency.observe({ route }, seconds);
    },
    usageRecorded({ allowed, duplicate }) {
      if (duplicate) return duplicates.inc();
      recorded.inc();
      if (!allowed) blocked.inc();
    },
    databaseError() {
      dbErrors.inc();
    },
    fastPathServed() {
      fastPath.inc();
    },
  };
}
