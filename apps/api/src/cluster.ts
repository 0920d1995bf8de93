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
  // The kernel spreads connections over the workers' listening sockets, without the primary handing each one over.
  // (With the default round-robin, a worker's drain once hung until its 25 s limit; that was before the drain closed
  // idle keep-alive connections, and test/cluster.test.ts passes with either policy now.)
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  for (let i = 0; i < workers; i++) cluster.fork();
  let stopping = false;
  // A worker that ends when nobody asked (a crash, or a signal sent to it alone, after which it drains and exits 0)
  // stops the cluster with exit 1, so a supervisor restarts it whole: it never runs on silently with fewer workers.
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      // A drain that was asked for, but this worker did not finish it (killed, or over main.ts's drain limit).
      if (code !== 0 || signal) {
        process.stderr.write(`worker ${worker.process.pid} exited (${signal ?? code}) while draining\n`);
        process.exitCode = 1;
      }
      return;
    }
    process.stderr.write(`worker ${worker.process.pid} exited (${signal ?? code}); stopping\n`);
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) if (w?.process.pid) process.kill(w.process.pid, "SIGTERM");
    process.exitCode = 1;
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
