// A budget's window totals, judged against its limits, in the shape answered to clients (BudgetStatusModel).
import { Decimal, formatDecimal, isExceeded, remainingCost, remainingTokens, windowFor, type BudgetWindow } from "@spendline/domain";
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

/** Totals plus an optional hypothetical extra usage (checkBudget's estimate), judged against the budget. */
export function budgetStatus(
  budget: Budget,
  ref: BudgetWindowRef,
  totals: WindowTotals,
  extra: { costUsd: Decimal; tokens: bigint } = { costUsd: new Decimal(0), tokens: 0n },
): BudgetStatusModel {
  const limits = limitsOf(budget);
  const used = { usedCostUsd: totals.usedCostUsd.plus(extra.costUsd), usedTokens: totals.usedTokens + extra.tokens };
  const remCost = remainingCost(limits, used);
  const remTokens = remainingTokens(limits, used);
  return {
    tenantId: budget.tenantId,
    budgetId: budget.id,
    windowStart: ref.window.start.toISOString(),
    windowEnd: ref.window.end?.toISOString() ?? null,
    usedCostUsd: formatDecimal(used.usedCostUsd),
    usedTokens: used.usedTokens.toString(),
    entries: totals.entries.toString(),
    unpricedEntries: totals.unpricedEntries.toString(),
    unpricedTokens: totals.unpricedTokens.toString(),
    limitCostUsd: limits.limitCostUsd === null ? null : formatDecimal(limits.limitCostUsd),
    limitTokens: limits.limitTokens?.toString() ?? null,
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
