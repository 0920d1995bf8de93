import type { Resolvers } from "../../generated/graphql.ts";
import { requireAdmin, tenantFor } from "../common/access.ts";
import { checkBudget, currentStatus } from "./check-budget.ts";
import { setBudget } from "./set-budget.ts";

export const budgetResolvers: Resolvers = {
  Query: {
    checkBudget: async (_p, args, ctx) => checkBudget(ctx, { ...args, tenant: await tenantFor(ctx, args.tenant) }),
  },
  Mutation: {
    setBudget: async (_p, { input }, ctx) => {
      requireAdmin(ctx);
      const tenant = await tenantFor(ctx, input.tenant);
      return setBudget(ctx, { tenant, input, actor: ctx.principal.actor });
    },
  },
  Budget: {
    status: async (b, _a, ctx) => {
      const tenant = await ctx.loaders.tenantById.load(b.tenantId);
      if (!tenant) throw new Error("BUG: budget without tenant");
      return currentStatus(ctx, tenant, b);
    },
  },
  BudgetStatus: {
    budget: async (s, _a, ctx) => {
      const b = await ctx.loaders.budgetById.load(s.budgetId);
      if (!b) throw new Error(`BUG: status of unknown budget ${s.budgetId}`);
      return b;
    },
  },
};
