// The history chart's data: spend per window (the current one and those before it) against the budget's limits.
// All windows' totals come from one batched ledger aggregate.
import {
  Decimal,
  badInput,
  formatDecimal,
  isExceeded,
  previousWindow,
  windowFor,
  type BudgetWindow,
} from "@spendline/domain";
import type { Budget, Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import { limitsOf } from "../budgets/status.ts";

export const MAX_HISTORY_WINDOWS = 60;

export async function budgetHistory(
  ctx: Pick<Context, "loaders">,
  tenant: Tenant,
  budget: Budget,
  count: number,
  now = new Date(),
) {
  if (!Number.isInteger(count) || count < 1 || count > MAX_HISTORY_WINDOWS) {
    throw badInput("windows", `must be 1 to ${MAX_HISTORY_WINDOWS}`);
  }
  const windows: BudgetWindow[] = [windowFor(budget.period, tenant.timezone, now, budget.startsAt)];
  while (windows.length < count) {
    const prev = previousWindow(budget.period, tenant.timezone, windows[0]!);
    if (!prev) break;
    windows.unshift(prev);
  }
  const totals = await ctx.loaders.windowTotals.loadMany(windows.map((w) => ({ tenantId: tenant.id, ...w })));
  const limits = limitsOf(budget);
  return windows.map((w, i) => {
    const t = totals[i];
    if (!t || t instanceof Error) throw t ?? new Error("BUG: missing window totals");
    return {
      windowStart: w.start,
      windowEnd: w.end,
      current: i === windows.length - 1,
      costUsd: formatDecimal(t.costUsd),
      tokens: t.tokens.toString(),
      entries: t.entries.toString(),
      blockedEntries: t.blockedEntries.toString(),
      limitCostUsd: limits.limitCostUsd === null ? null : formatDecimal(limits.limitCostUsd),
      limitTokens: limits.limitTokens?.toString() ?? null,
      overCapUsd:
        limits.limitCostUsd === null
          ? null
          : formatDecimal(Decimal.max(0, t.costUsd.minus(limits.limitCostUsd))),
      exceeded: isExceeded(limits, { usedCostUsd: t.costUsd, usedTokens: t.tokens }),
    };
  });
}
