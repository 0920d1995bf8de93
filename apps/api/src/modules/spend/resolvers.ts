import type { Context } from "../../graphql/context.ts";
import type { Resolvers } from "../../generated/graphql.ts";
import { budgetDrift } from "./budget-drift.ts";
import { budgetHistory } from "./budget-history.ts";
import { dailySpend, hardCapExceeded, spendWindow } from "./tenant-spend.ts";

async function tenantOf(ctx: Context, tenantId: string) {
  const tenant = await ctx.loaders.tenantById.load(tenantId);
  if (!tenant) throw new Error("BUG: budget without tenant");
  return tenant;
}

export const spendResolvers: Resolvers = {
  Tenant: {
    // One clock per request: every window of the overview is cut at the same instant.
    spend: (tenant) => ({ tenant, now: new Date() }),
    models: (t, _a, ctx) => ctx.loaders.modelsByTenant.load(t.id),
  },
  TenantSpend: {
    today: (s, _a, ctx) => spendWindow(ctx, s.tenant, "DAY", s.now),
    month: (s, _a, ctx) => spendWindow(ctx, s.tenant, "MONTH", s.now),
    daily: (s, { days }, ctx) => dailySpend(ctx, s.tenant, days ?? 14, s.now),
    hardCapExceeded: (s, _a, ctx) => hardCapExceeded(ctx, s.tenant, s.now),
  },
  Budget: {
    drift: async (b, _a, ctx) => budgetDrift(ctx, await tenantOf(ctx, b.tenantId), b),
    history: async (b, { windows }, ctx) =>
      budgetHistory(ctx, await tenantOf(ctx, b.tenantId), b, windows ?? 8),
  },
};
