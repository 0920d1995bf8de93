// setBudget: create a budget, or update one when `id` is given. Holds the tenant's budget lock exclusively, so no
// usage is between reading the budget list and committing its counters while a budget changes.
import { AppError, ErrorCode, badInput, boundedText, parseDecimal, parseInstant } from "@spendline/domain";
import type { Budget, Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { withTenantLock } from "../common/tx.ts";
import { isUuid } from "../common/uuidv7.ts";
import { resetCounters } from "./counters.ts";

const PERIODS = ["DAY", "WEEK", "MONTH", "TOTAL"] as const;
const ENFORCEMENTS = ["HARD", "SOFT"] as const;
const MAX_TOKENS_LIMIT = 9_223_372_036_854_775_807n;

export interface SetBudgetFields {
  id?: string | null;
  name: string;
  period: string;
  limitCostUsd?: string | null;
  limitTokens?: bigint | null;
  enforcement?: string | null;
  enabled?: boolean | null;
  startsAt?: Date | string | null;
}

export interface SetBudgetOptions {
  tenant: Tenant;
  input: SetBudgetFields;
  actor: string;
}

export function normalizeBudget(input: SetBudgetFields) {
  const name = boundedText(input.name, "name", 120, true)!;
  if (!PERIODS.includes(input.period as never)) throw badInput("period", `must be one of ${PERIODS.join(", ")}`);
  const period = input.period as (typeof PERIODS)[number];
  const enforcement = (input.enforcement ?? "HARD") as (typeof ENFORCEMENTS)[number];
  if (!ENFORCEMENTS.includes(enforcement)) throw badInput("enforcement", "must be HARD or SOFT");
  const limitCostUsd = input.limitCostUsd == null ? null : parseDecimal(input.limitCostUsd, "limitCostUsd");
  const limitTokens = input.limitTokens ?? null;
  if (limitTokens !== null && (limitTokens < 0n || limitTokens > MAX_TOKENS_LIMIT)) {
    throw badInput("limitTokens", "must be between 0 and 2^63-1");
  }
  if (limitCostUsd === null && limitTokens === null) {
    throw badInput("limitCostUsd", "a budget needs limitCostUsd, limitTokens or both");
  }
  const startsAt = input.startsAt == null ? null : parseInstant(input.startsAt, "startsAt");
  if (startsAt && period !== "TOTAL") throw badInput("startsAt", "only a TOTAL budget has a start");
  return {
    name,
    period,
    enforcement,
    enabled: input.enabled ?? true,
    limitCostUsd: limitCostUsd?.toFixed() ?? null,
    limitTokens,
    startsAt,
  };
}

export async function setBudget(ctx: Pick<Context, "db">, options: SetBudgetOptions): Promise<Budget> {
  const { tenant, actor } = options;
  const data = normalizeBudget(options.input);
  const id = options.input.id ?? null;
  if (id !== null && !isUuid(id)) throw new AppError(ErrorCode.NOT_FOUND, `No budget ${id} in tenant ${tenant.slug}.`);
  return withTenantLock(ctx.db, tenant.id, "exclusive", async (tx) => {
    if (id === null) {
      const created = await tx.budget.create({ data: { ...data, tenantId: tenant.id } });
      await recordAudit(tx, {
        tenantId: tenant.id,
        actor,
        action: "budget.create",
        entityType: "budget",
        entityId: created.id,
        after: created,
      });
      return created;
    }
    const before = await tx.budget.findUnique({ where: { tenantId_id: { tenantId: tenant.id, id } } });
    if (!before) throw new AppError(ErrorCode.NOT_FOUND, `No budget ${id} in tenant ${tenant.slug}.`);
    const after = await tx.budget.update({
      where: { tenantId_id: { tenantId: tenant.id, id } },
      data: { ...data, version: { increment: 1 } },
    });
    // A different period or start means different windows: drop the counters, the ledger rebuilds them.
    if (before.period !== after.period || before.startsAt?.getTime() !== after.startsAt?.getTime()) {
      await resetCounters(tx, tenant.id, id);
    }
    await recordAudit(tx, { tenantId: tenant.id, actor, action: "budget.update", entityType: "budget", entityId: id, before, after });
    return after;
  });
}
