import type { Resolvers } from "../../generated/graphql.ts";
import type { Context } from "../../graphql/context.ts";
import { requireAdmin, tenantFor } from "../common/access.ts";
import { ALL_TENANTS, overridePriceVersion } from "./find-price.ts";
import { repriceUnpriced } from "./reprice-unpriced.ts";
import { deletePriceOverride, listPriceOverrides, setPriceOverride } from "./set-price-override.ts";

/** Null slug: every tenant. */
async function scope(ctx: Context, slug: string | null | undefined) {
  return slug == null ? null : tenantFor(ctx, slug);
}

export const pricingResolvers: Resolvers = {
  Query: {
    priceOverrides: async (_p, { tenant }, ctx) => {
      requireAdmin(ctx);
      return listPriceOverrides(ctx, await scope(ctx, tenant));
    },
  },
  Mutation: {
    setPriceOverride: async (_p, { input }, ctx) => {
      requireAdmin(ctx);
      return setPriceOverride(ctx, { tenant: await scope(ctx, input.tenant), input, actor: ctx.principal.actor });
    },
    deletePriceOverride: async (_p, { tenant, model }, ctx) => {
      requireAdmin(ctx);
      return deletePriceOverride(ctx, { tenant: await scope(ctx, tenant), model, actor: ctx.principal.actor });
    },
    repriceUnpriced: async (_p, { tenant, model }, ctx) => {
      requireAdmin(ctx);
      return repriceUnpriced(ctx, { tenant: await tenantFor(ctx, tenant), model, actor: ctx.principal.actor });
    },
  },
  PriceOverride: {
    tenant: async (o, _a, ctx) => {
      if (o.tenantId === ALL_TENANTS) return null;
      return (await ctx.loaders.tenantById.load(o.tenantId))?.slug ?? null;
    },
    inputUsdPerMtok: (o) => o.inputUsdPerMtok.toFixed(),
    outputUsdPerMtok: (o) => o.outputUsdPerMtok.toFixed(),
    cacheReadUsdPerMtok: (o) => o.cacheReadUsdPerMtok?.toFixed() ?? null,
    cacheWriteUsdPerMtok: (o) => o.cacheWriteUsdPerMtok?.toFixed() ?? null,
    priceVersion: (o) => overridePriceVersion(o),
  },
  BudgetStatus: {
    hasUnpricedUsage: (s) => s.unpricedEntries !== "0",
  },
  RecordUsageResult: {
    hasUnpricedUsage: (r) => r.entry.costSource === "UNPRICED" || r.budgets.some((b) => b.unpricedEntries !== "0"),
  },
};
