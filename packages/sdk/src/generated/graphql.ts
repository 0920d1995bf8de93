/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type BudgetPeriod =
  | 'DAY'
  | 'MONTH'
  | 'TOTAL'
  | 'WEEK';

export type CostSource =
  | 'CATALOG'
  | 'REPORTED'
  | 'UNPRICED';

export type Enforcement =
  | 'HARD'
  | 'SOFT';

export type RecordUsageInput = {
  /** The part of inputTokens read from cache. */
  cacheReadTokens?: number | null | undefined;
  /** The part of inputTokens written to cache. */
  cacheWriteTokens?: number | null | undefined;
  /** What the call cost; absent: priced by the server, or UNPRICED. */
  costUsd?: string | null | undefined;
  /** Unique per tenant; a retry with the same key and payload returns the first result and writes nothing. */
  idempotencyKey?: string | null | undefined;
  /** ALL input tokens, cache reads and writes included. */
  inputTokens: number;
  /** A JSON object of at most 8 KiB. */
  metadata?: unknown;
  model: string;
  /** When the call happened (default: now); decides the window it counts in. */
  occurredAt?: string | null | undefined;
  /** ALL output tokens, reasoning included. */
  outputTokens: number;
  provider?: string | null | undefined;
  /** The part of outputTokens spent on reasoning. */
  reasoningTokens?: number | null | undefined;
  tenant: string;
};

export type BudgetStatusFieldsFragment = { windowStart: string, windowEnd: string | null, usedCostUsd: string, usedTokens: string, limitCostUsd: string | null, limitTokens: string | null, remainingCostUsd: string | null, remainingTokens: string | null, entries: string, unpricedEntries: string, unpricedTokens: string, hasUnpricedUsage: boolean, exceeded: boolean, budget: { id: string, name: string, period: BudgetPeriod, enforcement: Enforcement } };

export type RecordUsageMutationVariables = Exact<{
  input: RecordUsageInput;
}>;


export type RecordUsageMutation = { recordUsage: { recorded: boolean, allowed: boolean, duplicate: boolean, hasUnpricedUsage: boolean, entry: { id: string, idempotencyKey: string | null, model: string, provider: string | null, inputTokens: string, outputTokens: string, cacheReadTokens: string, cacheWriteTokens: string, reasoningTokens: string, totalTokens: string, costUsd: string | null, costSource: CostSource, priceVersion: string | null, occurredAt: string, recordedAt: string, allowed: boolean }, budgets: Array<{ windowStart: string, windowEnd: string | null, usedCostUsd: string, usedTokens: string, limitCostUsd: string | null, limitTokens: string | null, remainingCostUsd: string | null, remainingTokens: string | null, entries: string, unpricedEntries: string, unpricedTokens: string, hasUnpricedUsage: boolean, exceeded: boolean, budget: { id: string, name: string, period: BudgetPeriod, enforcement: Enforcement } }> } };

export type CheckBudgetQueryVariables = Exact<{
  tenant: string;
  estimatedCostUsd?: string | null | undefined;
  estimatedTokens?: string | number | null | undefined;
}>;


export type CheckBudgetQuery = { checkBudget: { allowed: boolean, budgets: Array<{ windowStart: string, windowEnd: string | null, usedCostUsd: string, usedTokens: string, limitCostUsd: string | null, limitTokens: string | null, remainingCostUsd: string | null, remainingTokens: string | null, entries: string, unpricedEntries: string, unpricedTokens: string, hasUnpricedUsage: boolean, exceeded: boolean, budget: { id: string, name: string, period: BudgetPeriod, enforcement: Enforcement } }> } };
