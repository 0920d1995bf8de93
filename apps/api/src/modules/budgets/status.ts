// A budget's window totals, judged against its limits, in the shape answered to clients (BudgetStatusModel).
import {
  Decimal,
  formatDecimal,
  isExceeded,
  remainingCost,
  remainingTokens,
  windowFor,
  type BudgetWindow,
} from "@spendline/domain";
import type { Budget, Tenant } from "@spendline/db";
import type { BudgetStatusModel } from "../../graphql/models.ts";
import type { BudgetWindowRef, WindowTotals } from "./counters.ts";

export interface BudgetLimitsView {
  limitCostUsd: Decimal | null;
  limitTokens: bigint | null;
}

export function limitsOf(budget: Pick<Budget, "limitCostUsd" | "limitTokens">): BudgetLimitsView {
  return {
    limitCostUsd: budget.limitCostUsd === null ? null : new Decimal(budget.limitCostUsd.toFixed()),
    limitTokens: budget.limitTokens,
  };
}

/** The last calendar window computed per (period, timezone). windowFor is pure but its time-zone arithmetic was a
 * visible share of recordUsage's CPU profile, and a stream of usages keeps landing in the same few windows. */
const recentWindows = new Map<string, BudgetWindow>();

export function windowRef(tenant: Pick<Tenant, "timezone">, budget: Budget, at: Date): BudgetWindowRef {
  if (budget.period === "TOTAL") {
    return { budgetId: budget.id, window: windowFor(budget.period, tenant.timezone, at, budget.startsAt) };
  }
  const key = `${budget.period}/${tenant.timezone}`;
  const recent = recentWindows.get(key);
  if (recent?.end && recent.start <= at && at < recent.end) return { budgetId: budget.id, window: recent };
  const window = windowFor(budget.period, tenant.timezone, at, budget.startsAt);
  if (recentWindows.size >= 1000) recentWindows.clear();
  recentWindows.set(key, window);
  return { budgetId: budget.id, window };
}

/** Per budget row: its limits as Decimals and their text. Budget rows are read per batch, and every usage of the
 * batch is judged against the same few, so this is computed once per row rather than once per usage. */
const limitsMemo = new WeakMap<
  Budget,
  { limits: BudgetLimitsView; limitCostUsd: string | null; limitTokens: string | null }
>();
/** Per window (windowRef memoises them): the bounds as ISO-8601 text. */
const windowText = new WeakMap<BudgetWindow, { start: string; end: string | null }>();

/** Totals plus an optional hypothetical extra usage (checkBudget's estimate), judged against the budget. */
export function budgetStatus(
  budget: Budget,
  ref: BudgetWindowRef,
  totals: WindowTotals,
  extra?: { costUsd: Decimal; tokens: bigint },
): BudgetStatusModel {
  let l = limitsMemo.get(budget);
  if (!l) {
    const limits = limitsOf(budget);
    l = {
      limits,
      limitCostUsd: limits.limitCostUsd === null ? null : formatDecimal(limits.limitCostUsd),
      limitTokens: limits.limitTokens?.toString() ?? null,
    };
    limitsMemo.set(budget, l);
  }
  let w = windowText.get(ref.window);
  if (!w) {
    w = { start: ref.window.start.toISOString(), end: ref.window.end?.toISOString() ?? null };
    windowText.set(ref.window, w);
  }
  const { limits } = l;
  const used = extra
    ? { usedCostUsd: totals.usedCostUsd.plus(extra.costUsd), usedTokens: totals.usedTokens + extra.tokens }
    : totals;
  const remCost = remainingCost(limits, used);
  const remTokens = remainingTokens(limits, used);
  return {
    tenantId: budget.tenantId,
    budgetId: budget.id,
    windowStart: w.start,
    windowEnd: w.end,
    usedCostUsd: formatDecimal(used.usedCostUsd),
    usedTokens: used.usedTokens.toString(),
    entries: totals.entries.toString(),
    unpricedEntries: totals.unpricedEntries.toString(),
    unpricedTokens: totals.unpricedTokens.toString(),
    limitCostUsd: l.limitCostUsd,
    limitTokens: l.limitTokens,
    remainingCostUsd: remCost === null ? null : formatDecimal(remCost),
    remainingTokens: remTokens?.toString() ?? null,
    enforcement: budget.enforcement,
    exceeded: isExceeded(limits, used),
  };
}

/** Allowed unless an enabled HARD budget among `statuses` is exceeded. */
export function allowedBy(statuses: BudgetStatusModel[]): boolean {
  return !statuses.some((s) => s.enforcement === "HARD" && s.exceeded);
}
