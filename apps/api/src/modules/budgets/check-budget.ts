// checkBudget: would a usage of this size be allowed now? Reads current windows (plus the estimate); writes nothing.
import { Decimal, badInput, parseDecimal } from "@spendline/domain";
import type { Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import type { BudgetCheckModel } from "../../graphql/models.ts";
import { readWindowTotals } from "./counters.ts";
import { allowedBy, budgetStatus, windowRef } from "./status.ts";

export interface CheckBudgetOptions {
  tenant: Tenant;
  estimatedCostUsd?: string | null;
  estimatedTokens?: bigint | null;
  now?: Date;
}

export async function checkBudget(ctx: Pick<Context, "db">, options: CheckBudgetOptions): Promise<BudgetCheckModel> {
  const costUsd =
    options.estimatedCostUsd == null ? new Decimal(0) : parseDecimal(options.estimatedCostUsd, "estimatedCostUsd");
  const tokens = options.estimatedTokens ?? 0n;
  if (tokens < 0n) throw badInput("estimatedTokens", "must not be negative");
  const now = options.now ?? new Date();
  const budgets = await ctx.db.prisma.budget.findMany({
    where: { tenantId: options.tenant.id, enabled: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const statuses = await Promise.all(
    budgets.map(async (b) => {
      const ref = windowRef(options.tenant, b, now);
      return budgetStatus(b, ref, await readWindowTotals(ctx.db.prisma, b.tenantId, ref), { costUsd, tokens });
    }),
  );
  return { allowed: allowedBy(statuses), budgets: statuses };
}

/** The current window's status of one budget (Budget.status). */
export async function currentStatus(ctx: Pick<Context, "db">, tenant: Tenant, budget: import("@spendline/db").Budget) {
  const ref = windowRef(tenant, budget, new Date());
  return budgetStatus(budget, ref, await readWindowTotals(ctx.db.prisma, budget.tenantId, ref));
}
