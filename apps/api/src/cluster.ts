// Several API processes on one port (node:cluster), for PostgreSQL: one Node process is single-threaded, and the
// API is stateless there (each process has its own group-commit queue; the tenants' advisory locks and counter
// row locks order batches across processes exactly as within one). PGlite allows one process per data directory,
// so it is refused here. Usage: SPENDLINE_WORKERS=2 DATABASE_URL=... tsx src/cluster.ts
import cluster from "node:cluster";
import os from "node:os";
import { databaseTargetFromEnv } from "@spendline/db";
import { loadConfig } from "./config.ts";

if (cluster.isPrimary) {
  if (databaseTargetFromEnv().kind !== "postgres") {
    process.stderr.write("cluster mode needs PostgreSQL (DATABASE_URL): PGlite allows one process per data directory\n");
    process.exit(2);
  }
  const workers = loadConfig().workers ?? os.availableParallelism();
  // The kernel spreads connections over the workers' listening sockets. (With the default round-robin through
  // the primary, a worker's server.close() never completed on SIGTERM, so a drain hung until its 25 s limit.)
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  for (let i = 0; i < workers; i++) cluster.fork();
  let stopping = false;
  cluster.on("exit", (worker, code) => {
    if (!stopping && code !== 0) {
      process.stderr.write(`worker ${worker.process.pid} exited with ${code}; stopping\n`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
      process.exitCode = 1;
    }
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      stopping = true;
      // Signal the process itself: worker.kill() disconnects first, and a disconnected worker could not drain.
      for (const w of Object.values(cluster.workers ?? {})) if (w?.process.pid) process.kill(w.process.pid, signal);
    });
  }
} else {
  await import("./main.ts");
}
