// Cap arithmetic. A budget is exceeded when what it counts is strictly above its limit: exactly at the limit is
// still within.
import { Decimal } from "./money.ts";

export type Enforcement = "HARD" | "SOFT";

export interface BudgetLimits {
  limitCostUsd: Decimal | null;
  limitTokens: bigint | null;
}

export interface WindowTotals {
  usedCostUsd: Decimal;
  usedTokens: bigint;
}

export function isExceeded(limits: Pick<BudgetLimits, "limitCostUsd" | "limitTokens">, used: WindowTotals): boolean {
  return (
    (limits.limitCostUsd !== null && used.usedCostUsd.greaterThan(limits.limitCostUsd)) ||
    (limits.limitTokens !== null && used.usedTokens > limits.limitTokens)
  );
}

export function remainingCost(limits: Pick<BudgetLimits, "limitCostUsd">, used: WindowTotals): Decimal | null {
  return limits.limitCostUsd === null ? null : Decimal.max(0, limits.limitCostUsd.minus(used.usedCostUsd));
}

export function remainingTokens(limits: Pick<BudgetLimits, "limitTokens">, used: WindowTotals): bigint | null {
  if (limits.limitTokens === null) return null;
  const r = limits.limitTokens - used.usedTokens;
  return r > 0n ? r : 0n;
}
