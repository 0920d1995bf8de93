// What resolvers hand each other: database rows, plus the plain status shape that budgets and usage share.
import type { ApiKey, AuditEntry, Budget, LedgerEntry, PriceOverride, Tenant, User } from "@spendline/db";

export type TenantModel = Tenant;
export type BudgetModel = Budget;
export type LedgerEntryModel = LedgerEntry;
export type ApiKeyModel = ApiKey;
export type AuditEntryModel = AuditEntry;
export type PriceOverrideModel = PriceOverride;
export type UserModel = User;
/** Tenant.spend: the tenant and the one instant all of its windows are cut at. */
export interface TenantSpendModel {
  tenant: Tenant;
  now: Date;
}

/** A budget window's totals against its limits. Money as canonical decimal strings, tokens as decimal strings,
 * so the same shape is stored in a ledger entry's decision (JSON) and answered to a replay unchanged. */
export interface BudgetStatusModel {
  tenantId: string;
  budgetId: string;
  windowStart: string;
  windowEnd: string | null;
  usedCostUsd: string;
  usedTokens: string;
  entries: string;
  unpricedEntries: string;
  unpricedTokens: string;
  limitCostUsd: string | null;
  limitTokens: string | null;
  remainingCostUsd: string | null;
  remainingTokens: string | null;
  enforcement: "HARD" | "SOFT";
  exceeded: boolean;
}

export interface RecordUsageResultModel {
  recorded: true;
  allowed: boolean;
  duplicate: boolean;
  entry: LedgerEntry;
  budgets: BudgetStatusModel[];
}

export interface BudgetCheckModel {
  allowed: boolean;
  budgets: BudgetStatusModel[];
}

export interface UsageSummaryModel {
  entries: string;
  costUsd: string;
  inputTokens: string;
  outputTokens: string;
  unpricedEntries: string;
  unpricedTokens: string;
  blockedEntries: string;
  blockedCostUsd: string;
}
