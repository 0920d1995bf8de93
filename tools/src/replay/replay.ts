// The replay's core, callable from the CLI and from tests: read and validate the CSVs, plan every row, set up the
// demo tenants and their caps, send every row as recordUsage through a bounded pool, then audit the ledger.
import { Decimal } from "@spendline/domain";
import { ApiError, GraphQLClient } from "./api-client.ts";
import { generateCaps, type CapSpec } from "./caps.ts";
import { demoTenants, planRow, planTotals, type PlannedRow, type TenantPlan } from "./plan.ts";
import { forEachBounded } from "./pool.ts";
import { Progress, type ProgressOptions } from "./progress.ts";
import { readTraceFile, type BadRow } from "./read-trace.ts";
import { auditTenant, type SentTally, type TenantAudit } from "./verify-ledger.ts";
import {
  createRunKey,
  ensureCaps,
  ensureTenant,
  revokeRunKey,
  type CapChange,
  type TenantSetup,
} from "./setup-tenants.ts";
import { printFinalReport, printPlan } from "./report.ts";

export interface ReplayOptions {
  url: string;
  adminToken: string;
  files: string[];
  /** Only the first N data rows of each file. */
  limit?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  retries?: number;
  /** "generated": caps derived from this input (see caps.ts); "none": leave the tenants' budgets as they are. */
  caps?: "generated" | "none";
  /** Tenant slugs are `<prefix>-acme` etc. */
  prefix?: string;
  /** Report lines (stdout in the CLI). */
  out?: (line: string) => void;
  /** Progress bar options; null: no progress output. */
  progress?: ProgressOptions | null;
  /** Stop sending after this many rows in a row failed to reach the API (after their retries). */
  stopAfterConsecutiveFailures?: number;
}

/** The API stopped answering: grinding through every remaining row's retries would take hours and prove nothing. */
export class ReplayStoppedError extends Error {}

export interface RowFailure {
  idempotencyKey: string;
  tenant: string;
  code: string;
  message: string;
}

export interface TenantOutcome {
  plan: TenantPlan;
  setup: TenantSetup;
  tally: SentTally;
  audit: TenantAudit;
}

export interface ReplayResult {
  ok: boolean;
  problems: string[];
  files: { fileName: string; rows: number; badRows: number }[];
  badRows: BadRow[];
  failures: RowFailure[];
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  retriedRequests: number;
  caps: CapChange[];
  tenants: TenantOutcome[];
  totals: {
    sent: number;
    newRows: number;
    duplicates: number;
    blocked: number;
    costUsd: Decimal;
    ledgerCostUsd: Decimal;
    ledgerEntries: bigint;
  };
}

const RECORD = `mutation($i: RecordUsageInput!) { recordUsage(input: $i) { recorded allowed duplicate entry { costUsd } } }`;

export async function runReplay(options: ReplayOptions): Promise<ReplayResult> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const client = new GraphQLClient(options.url, { retries: options.retries ?? 5 });
  const tenants = demoTenants(options.prefix ?? "trace");

  const files = [];
  for (const f of options.files) files.push(await readTraceFile(f, options.limit ?? Infinity));
  const badRows = files.flatMap((f) => f.badRows);
  const planned: PlannedRow[] = files.flatMap((f) => f.rows.map((r) => planRow(r, tenants)));
  const plans = [...planTotals(tenants, planned).values()];
  const caps: CapSpec[] = options.caps === "none" ? [] : generateCaps(plans);
  printPlan(out, { files, plans, caps, url: options.url, limit: options.limit });

  const setups = new Map<string, TenantSetup>();
  const runName = `replay ${new Date().toISOString()}`;
  let capChanges: CapChange[] = [];
  const tallies = new Map<string, SentTally>(
    tenants.map((t) => [
      t.slug,
      { sent: 0, newRows: 0, duplicates: 0, blocked: 0, blockedCostUsd: new Decimal(0), failed: 0 },
    ]),
  );
  const failures: RowFailure[] = [];
  let seconds = 0;
  try {
    for (const t of tenants) {
      const { timezone, created } = await ensureTenant(client, options.adminToken, t);
      const { key, keyId } = await createRunKey(client, options.adminToken, t.slug, runName);
      setups.set(t.slug, { tenant: t, timezone, created, key, keyId });
    }
    capChanges = await ensureCaps(client, options.adminToken, caps);

    const progress = options.progress === null ? null : new Progress(planned.length, options.progress);
    const started = performance.now();
    const stopAfter = options.stopAfterConsecutiveFailures ?? 50;
    let consecutiveFailures = 0;
    const pool = await forEachBounded(
      planned,
      options.concurrency ?? 16,
      async (p) => {
        const tally = tallies.get(p.payload.tenant)!;
        tally.sent++;
        try {
          const r = await client.request<{
            recordUsage: {
              recorded: boolean;
              allowed: boolean;
              duplicate: boolean;
              entry: { costUsd: string | null };
            };
          }>(setups.get(p.payload.tenant)!.key, RECORD, { i: p.payload });
          const u = r.recordUsage;
          if (!u.recorded) throw new ApiError("answered recorded: false", "NOT_RECORDED", false);
          // The entry (new or the first recording, for a duplicate) must hold exactly the cost this row sends.
          if (u.entry.costUsd === null || !p.cost.equals(u.entry.costUsd)) {
            throw new ApiError(
              `entry holds costUsd ${u.entry.costUsd}, sent ${p.payload.costUsd}`,
              "COST_MISMATCH",
              false,
            );
          }
          if (u.duplicate) tally.duplicates++;
          else tally.newRows++;
          if (!u.allowed) {
            tally.blocked++;
            tally.blockedCostUsd = tally.blockedCostUsd.plus(p.cost);
          }
          progress?.tick({ allowed: u.allowed });
          consecutiveFailures = 0;
        } catch (e) {
          tally.failed++;
          const err = e instanceof ApiError ? e : new ApiError((e as Error).message, "ERROR", false);
          if (err.retryable) consecutiveFailures++;
          failures.push({
            idempotencyKey: p.payload.idempotencyKey,
            tenant: p.payload.tenant,
            code: err.code,
            message: err.message,
          });
          progress?.tick({ failed: true });
        }
      },
      () => consecutiveFailures >= stopAfter,
    );
    seconds = (performance.now() - started) / 1000;
    progress?.finish();
    if (consecutiveFailures >= stopAfter) {
      const last = failures.at(-1);
      throw new ReplayStoppedError(
        `stopped: ${consecutiveFailures} rows in a row could not reach the API (last: ${last?.code} ${last?.message}); ` +
          `${pool.started} of ${planned.length} rows were attempted. Rows already recorded stay recorded: ` +
          `rerun once the API is back (each row's idempotency key makes that safe)`,
      );
    }
  } finally {
    for (const s of setups.values()) {
      await revokeRunKey(client, options.adminToken, s.tenant.slug, s.keyId).catch((e: Error) =>
        out(`warning: could not revoke the run's key for ${s.tenant.slug}: ${e.message}`),
      );
    }
  }

  const outcomes: TenantOutcome[] = [];
  for (const plan of plans) {
    const tally = tallies.get(plan.tenant.slug)!;
    const audit = await auditTenant(client, options.adminToken, plan, tally);
    outcomes.push({ plan, setup: setups.get(plan.tenant.slug)!, tally, audit });
  }

  const problems: string[] = [];
  if (badRows.length > 0) problems.push(`${badRows.length} bad input row(s) were not sent`);
  if (failures.length > 0) problems.push(`${failures.length} row(s) were not recorded`);
  for (const o of outcomes) problems.push(...o.audit.problems);

  const sum = <K extends keyof SentTally>(k: K) => outcomes.reduce((n, o) => n + (o.tally[k] as number), 0);
  const result: ReplayResult = {
    ok: problems.length === 0,
    problems,
    files: files.map((f) => ({ fileName: f.fileName, rows: f.rows.length, badRows: f.badRows.length })),
    badRows,
    failures,
    rows: planned.length,
    seconds,
    rowsPerSecond: seconds > 0 ? planned.length / seconds : 0,
    retriedRequests: client.retried,
    caps: capChanges,
    tenants: outcomes,
    totals: {
      sent: sum("sent"),
      newRows: sum("newRows"),
      duplicates: sum("duplicates"),
      blocked: sum("blocked"),
      costUsd: plans.reduce((d, p) => d.plus(p.costUsd), new Decimal(0)),
      ledgerCostUsd: outcomes.reduce((d, o) => d.plus(o.audit.ledger.costUsd), new Decimal(0)),
      ledgerEntries: outcomes.reduce((n, o) => n + BigInt(o.audit.ledger.entries), 0n),
    },
  };
  printFinalReport(out, result);
  return result;
}
