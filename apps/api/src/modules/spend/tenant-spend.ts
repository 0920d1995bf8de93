// A tenant's spend against its caps for the console overview: today, this month, a daily sparkline, and whether
// any HARD cap is exceeded. Everything goes through the request's loaders, so N tenants cost a fixed number of
// queries (budgets of all tenants: 1; ledger totals of all windows: 1).
import {
  Decimal,
  badInput,
  formatDecimal,
  isExceeded,
  previousWindow,
  windowFor,
  type BudgetPeriod,
} from "@spendline/domain";
import type { Budget, Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import { limitsOf } from "../budgets/status.ts";
import type { LedgerTotals } from "./window-totals.ts";

export interface SpendWindowModel {
  windowStart: Date;
  windowEnd: Date | null;
  costUsd: string;
  tokens: string;
  entries: string;
  blockedEntries: string;
  unpricedEntries: string;
  capUsd: string | null;
  capEnforcement: "HARD" | "SOFT" | null;
  capBudgetId: string | null;
  percentOfCap: string | null;
  overCapUsd: string | null;
  exceeded: boolean;
}

export const MAX_SPARKLINE_DAYS = 92;

/** The tightest enabled USD limit among a period's budgets: the cap the tenant hits first. */
export function tightestCap(budgets: Budget[], period: BudgetPeriod): Budget | null {
  let best: Budget | null = null;
  for (const b of budgets) {
    if (!b.enabled || b.period !== period || b.limitCostUsd === null) continue;
    if (!best || b.limitCostUsd.lessThan(best.limitCostUsd!)) best = b;
  }
  return best;
}

export function againstCap(
  totals: LedgerTotals,
  cap: Budget | null,
): Pick<
  SpendWindowModel,
  "capUsd" | "capEnforcement" | "capBudgetId" | "percentOfCap" | "overCapUsd" | "exceeded"
> {
  if (!cap || cap.limitCostUsd === null) {
    return {
      capUsd: null,
      capEnforcement: null,
      capBudgetId: null,
      percentOfCap: null,
      overCapUsd: null,
      exceeded: false,
    };
  }
  const limit = new Decimal(cap.limitCostUsd.toFixed());
  const percent = limit.isZero()
    ? null
    : totals.costUsd.dividedBy(limit).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return {
    capUsd: formatDecimal(limit),
    capEnforcement: cap.enforcement,
    capBudgetId: cap.id,
    percentOfCap: percent === null ? null : percent.toFixed(2),
    overCapUsd: formatDecimal(Decimal.max(0, totals.costUsd.minus(limit))),
    exceeded: totals.costUsd.greaterThan(limit),
  };
}

export async function spendWindow(
  ctx: Pick<Context, "loaders">,
  tenant: Tenant,
  period: "DAY" | "MONTH",
  now: Date,
): Promise<SpendWindowModel> {
  const window = windowFor(period, tenant.timezone, now);
  const [totals, budgets] = await Promise.all([
    ctx.loaders.windowTotals.load({ tenantId: tenant.id, ...window }),
    ctx.loaders.budgetsByTenant.load(tenant.id),
  ]);
  return {
    windowStart: window.start,
    windowEnd: window.end,
    costUsd: formatDecimal(totals.costUsd),
    tokens: totals.tokens.toString(),
    entries: totals.entries.toString(),
    blockedEntries: totals.blockedEntries.toString(),
    unpricedEntries: totals.unpricedEntries.toString(),
    ...againstCap(totals, tightestCap(budgets, period)),
  };
}

export async function dailySpend(ctx: Pick<Context, "loaders">, tenant: Tenant, days: number, now: Date) {
  if (!Number.isInteger(days) || days < 1 || days > MAX_SPARKLINE_DAYS) {
    throw badInput("days", `must be 1 to ${MAX_SPARKLINE_DAYS}`);
  }
  const windows = [windowFor("DAY", tenant.timezone, now)];
  while (windows.length < days) windows.unshift(previousWindow("DAY", tenant.timezone, windows[0]!)!);
  const totals = await ctx.loaders.windowTotals.loadMany(windows.map((w) => ({ tenantId: tenant.id, ...w })));
  return windows.map((w, i) => {
    const t = totals[i];
    if (!t || t instanceof Error) throw t ?? new Error("BUG: missing daily totals");
    return {
      day: localDate(w.start, tenant.timezone),
      windowStart: w.start,
      costUsd: formatDecimal(t.costUsd),
      entries: t.entries.toString(),
    };
  });
}

/** Some enabled HARD budget is above its limit (USD or tokens) in its current window, judged on the ledger. */
export async function hardCapExceeded(
  ctx: Pick<Context, "loaders">,
  tenant: Tenant,
  now: Date,
): Promise<boolean> {
  const hard = (await ctx.loaders.budgetsByTenant.load(tenant.id)).filter(
    (b) => b.enabled && b.enforcement === "HARD",
  );
  const totals = await ctx.loaders.windowTotals.loadMany(
    hard.map((b) => ({ tenantId: tenant.id, ...windowFor(b.period, tenant.timezone, now, b.startsAt) })),
  );
  return hard.some((b, i) => {
    const t = totals[i];
    if (!t || t instanceof Error) throw t ?? new Error("BUG: missing budget totals");
    return isExceeded(limitsOf(b), { usedCostUsd: t.costUsd, usedTokens: t.tokens });
  });
}

/** YYYY-MM-DD of an instant in a timezone (en-CA formats dates that way). */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}
