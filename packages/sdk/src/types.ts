// Public types, derived from the API's schema by code generation (see codegen.ts).
import type { CheckBudgetQuery, RecordUsageInput, RecordUsageMutation } from "./generated/graphql.ts";

export type { CostSource, BudgetPeriod, Enforcement } from "./generated/graphql.ts";

/** What recordUsage sends, minus the tenant (the client's) and with idempotencyKey optional (generated per call). */
export type UsageReport = Omit<RecordUsageInput, "tenant">;

export type RecordUsageResult = RecordUsageMutation["recordUsage"] & {
  /** How many HTTP attempts the call took (retries reuse one idempotency key, so they never count twice). */
  attempts: number;
};

export type BudgetCheck = CheckBudgetQuery["checkBudget"];
export type BudgetStatus = BudgetCheck["budgets"][number];

export type OnNotAllowed = "return" | "throw";
