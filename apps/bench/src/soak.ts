// Soak: replay the trace at its recorded pace (or `speed` times faster), open-loop, and sample the API's memory
// and latency every second. A leak shows as RSS that keeps rising while the request rate stays flat.
import type { ApiProcess, BenchTenant } from "./api-process.ts";
import { rssMiB } from "./proc.ts";
import type { TraceRow } from "./trace.ts";

export interface SoakSample {
  second: number;
  rssMiB: number | null;
  sent: number;
  completed: number;
  failed: number;
  inFlight: number;
  p99Ms: number;
}

const RECORD = `mutation($i: RecordUsageInput!) { recordUsage(input: $i) { recorded allowed } }`;
/** Beyond this many requests in flight the replay stops sending and counts the rows it skipped. */
const MAX_IN_FLIGHT = 512;

export async function soak(options: {
  api: ApiProcess;
  tenants: BenchTenant[];
  trace: TraceRow[];
  speed: number;
  seconds: number;
}): Promise<{ samples: SoakSample[]; sent: number; completed: number; failed: number; skipped: number }> {
  const { api, tenants, trace, speed } = options;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  let sent = 0;
  let completed = 0;
  let failed = 0;
  let skipped = 0;
  let inFlight = 0;
  let windowLatencies: number[] = [];
  const samples: SoakSample[] = [];
  const run = Date.now().toString(36);

  const send = async (row: TraceRow, i: number) => {
    const tenant = tenants[i % tenants.length]!;
    const t0 = performance.now();
    inFlight++;
    sent++;
    try {
      const res = await fetch(`${api.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tenant.key}` },
        body: JSON.stringify({
          query: RECORD,
          variables: {
            i: {
              tenant: tenant.slug,
              idempotencyKey: `soak-${run}-${i}`,
              model: "gpt-4o",
              inputTokens: row.inputTokens,
              outputTokens: row.outputTokens,
              costUsd: row.costUsd,
            },
          },
        }),
      });
      const text = await res.text();
      if (res.status !== 200 || text.includes('"errors"')) failed++;
      else completed++;
    } catch {
      failed++;
    } finally {
      inFlight--;
      windowLatencies.push(performance.now() - t0);
    }
  };

  const sampler = setInterval(() => {
    const sorted = windowLatencies.sort((a, b) => a - b);
    windowLatencies = [];
    const sample: SoakSample = {
      second: Math.round((performance.now() - started) / 1000),
      rssMiB: rssMiB(api.pid),
      sent,
      completed,
      failed,
      inFlight,
      p99Ms: sorted.length ? Math.round(sorted[Math.floor(sorted.length * 0.99)]! * 10) / 10 : 0,
    };
    samples.push(sample);
    if (sample.second % 10 === 0) console.log(`  soak ${JSON.stringify(sample)}`);
  }, 1000);

  const pending = new Set<Promise<void>>();
  const lap = trace[trace.length - 1]!.offsetMs + 1;
  for (let i = 0; ; i++) {
    // Past the end of the trace, start it again (shifted by its length) until the time is up.
    const row = trace[i % trace.length]!;
    const due = started + (Math.floor(i / trace.length) * lap + row.offsetMs) / speed;
    if (due > end) break;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= MAX_IN_FLIGHT) {
      skipped++;
      continue;
    }
    const p = send(row, i).finally(() => pending.delete(p));
    pending.add(p);
  }
  await Promise.all(pending);
  clearInterval(sampler);
  return { samples, sent, completed, failed, skipped };
}
