// Turns trace rows into recordUsage payloads, deterministically: the same file and line always give the same
// tenant, model, cost and idempotency key, so a rerun (or a run with --limit) sends byte-identical payloads and
// the server answers every row it already holds with duplicate: true.
import crypto from "node:crypto";
import { Decimal, formatDecimal } from "@spendline/domain";
import { costOf, MODEL_PRICES, type ModelPrice } from "./prices.ts";
import type { TraceRow } from "./read-trace.ts";

export interface DemoTenant {
  slug: string;
  name: string;
  timezone: string;
}

/** Four demo tenants in different timezones, so DAY / MONTH windows start at different instants. */
export function demoTenants(prefix: string): DemoTenant[] {
  return [
    { slug: `${prefix}-acme`, name: "Acme (trace replay)", timezone: "America/New_York" },
    { slug: `${prefix}-globex`, name: "Globex (trace replay)", timezone: "Europe/Berlin" },
    { slug: `${prefix}-initech`, name: "Initech (trace replay)", timezone: "Asia/Tokyo" },
    { slug: `${prefix}-umbrella`, name: "Umbrella (trace replay)", timezone: "Australia/Sydney" },
  ];
}

export interface UsagePayload {
  tenant: string;
  idempotencyKey: string;
  model: string;
  provider: string;
  inputTokens: number;
  outputTokens: number;
  /** Exact, as a string: a JSON number would lose precision. */
  costUsd: string;
  // No occurredAt on purpose: it would be the only field to differ between runs if it were "now", and the trace's
  // 2023 timestamps would put every row outside today's windows. Rows therefore count in the windows of the moment
  // they are first recorded.
  metadata: { trace: string; line: number; traceTimestamp: string };
}

export interface PlannedRow {
  row: TraceRow;
  payload: UsagePayload;
  cost: Decimal;
}

/** "replay:AzureLLMInferenceTrace_code.csv:2": file name and line, nothing that changes between runs. */
export function idempotencyKeyFor(row: Pick<TraceRow, "fileName" | "line">): string {
  return `replay:${row.fileName}:${row.line}`;
}

export function planRow(
  row: TraceRow,
  tenants: readonly DemoTenant[],
  prices: readonly ModelPrice[] = MODEL_PRICES,
): PlannedRow {
  const key = idempotencyKeyFor(row);
  // A hash of the key spreads rows evenly and independently over tenants and models, and never changes.
  const h = crypto.createHash("sha256").update(key).digest();
  const tenant = tenants[h.readUInt32BE(0) % tenants.length]!;
  const price = prices[h.readUInt32BE(4) % prices.length]!;
  const cost = costOf(price, row.inputTokens, row.outputTokens);
  return {
    row,
    cost,
    payload: {
      tenant: tenant.slug,
      idempotencyKey: key,
      model: price.model,
      provider: price.provider,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      costUsd: formatDecimal(cost),
      metadata: { trace: row.fileName, line: row.line, traceTimestamp: row.timestamp },
    },
  };
}

export interface TenantPlan {
  tenant: DemoTenant;
  rows: number;
  costUsd: Decimal;
  inputTokens: bigint;
  outputTokens: bigint;
}

export function planTotals(
  tenants: readonly DemoTenant[],
  planned: readonly PlannedRow[],
): Map<string, TenantPlan> {
  const totals = new Map<string, TenantPlan>(
    tenants.map((t) => [
      t.slug,
      { tenant: t, rows: 0, costUsd: new Decimal(0), inputTokens: 0n, outputTokens: 0n },
    ]),
  );
  for (const p of planned) {
    const t = totals.get(p.payload.tenant)!;
    t.rows++;
    t.costUsd = t.costUsd.plus(p.cost);
    t.inputTokens += BigInt(p.payload.inputTokens);
    t.outputTokens += BigInt(p.payload.outputTokens);
  }
  return totals;
}
