import type { Resolvers } from "../../generated/graphql.ts";
import { requireAdmin, requireReader, tenantFor } from "../common/access.ts";
import { usageSummary } from "../ledger/list-ledger.ts";
import { createTenant } from "./create-tenant.ts";

export const tenantResolvers: Resolvers = {
  Query: {
    tenant: async (_p, { slug }, ctx) => {
      try {
        return await tenantFor(ctx, slug);
      } catch (e) {
        // The query answers null for a tenant that does not exist (the type is nullable); refusals still raise.
        if ((e as { code?: string }).code === "NOT_FOUND") return null;
        throw e;
      }
    },
    tenants: async (_p, _a, ctx) => {
      requireReader(ctx);
      return ctx.db.prisma.tenant.findMany({ orderBy: { slug: "asc" } });
    },
  },
  Mutation: {
    createTenant: async (_p, { input }, ctx) => {
      requireAdmin(ctx);
      return createTenant(ctx, { ...input, actor: ctx.principal.actor });
    },
  },
  Tenant: {
    budgets: (t, { includeDisabled }, ctx) =>
      ctx.db.prisma.budget.findMany({
        where: { tenantId: t.id, ...(includeDisabled === false ? { enabled: true } : {}) },
        orderBy: { createdAt: "asc" },
      }),
    budget: async (t, { id }, ctx) => {
      const b = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.loaders.budgetById.load(id) : null;
      // Scoped by the parent tenant: another tenant's budget id answers null, like an unknown one.
      return b && b.tenantId === t.id ? b : null;
    },
    usageSummary: (t, args, ctx) => usageSummary(ctx, { tenant: t, ...args }),
  },
};
