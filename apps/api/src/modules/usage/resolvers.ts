import type { Resolvers } from "../../generated/graphql.ts";
import { requireUsageWriter, tenantFor } from "../common/access.ts";
import { recordUsage } from "./record-usage.ts";

export const usageResolvers: Resolvers = {
  Mutation: {
    recordUsage: async (_p, { input }, ctx) => {
      requireUsageWriter(ctx);
      const tenant = await tenantFor(ctx, input.tenant);
      const apiKeyId = ctx.principal.kind === "service" ? ctx.principal.apiKeyId : null;
      const result = await recordUsage(ctx, { tenant, input, apiKeyId });
      ctx.log.debug({ tenant: tenant.slug, allowed: result.allowed, duplicate: result.duplicate }, "usage recorded");
      return result;
    },
  },
};
