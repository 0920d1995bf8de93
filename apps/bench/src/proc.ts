// What Linux /proc says about processes: memory and CPU time, for the benchmarks' per-process figures.
import fs from "node:fs";

/** Resident set size of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

interface ProcStat {
  comm: string;
  ppid: number;
  /** user + system, milliseconds (clock ticks of 10 ms). */
  ms: number;
}

function procStat(pid: string): ProcStat | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return {
      comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
      ppid: Number(fields[1]),
      ms: (Number(fields[11]) + Number(fields[12])) * 10,
    };
  } catch {
    return null;
  }
}

const pids = () => fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p));

/** CPU time (user + system) a process and its direct children (cluster workers) have used, in milliseconds
 * (Linux /proc). */
export function cpuMs(pid: number): number | null {
  const root = procStat(String(pid));
  if (!root) return null;
  let total = root.ms;
  for (const p of pids()) {
    if (Number(p) === pid) continue;
    const s = procStat(p);
    if (s && s.ppid === pid) total += s.ms;
  }
  return total;
}

/** CPU time (ms) of each PostgreSQL server process on this machine (backends, WAL writer, checkpointer...) by pid;
 * null when there is none to see (a remote server). */
export type PostgresCpu = Map<string, number> | null;

export function postgresServerCpu(): PostgresCpu {
  const byPid = new Map<string, number>();
  for (const p of pids()) {
    const s = procStat(p);
    if (s?.comm === "postgres") byPid.set(p, s.ms);
  }
  return byPid.size > 0 ? byPid : null;
}

/**
 * The CPU time the PostgreSQL server used since `before`, process by process: a backend that exits takes its
 * time with it, so a plain sum over live processes went negative when connections of the previous step (a
 * floor's pool) closed during the measurement. A process that started since counts whole; one that ended counts
 * nothing (what it did in between is lost, so keep the connections of the measured work open across the span).
 */
export function postgresCpuMsSince(before: PostgresCpu): number | null {
  const after = postgresServerCpu();
  if (before === null || after === null) return null;
  let ms = 0;
  for (const [pid, now] of after) {
    const then = before.get(pid);
    // A pid reused by a new process shows less time than the one it replaced had.
    ms += then === undefined || then > now ? now : now - then;
  }
  return ms;
}
