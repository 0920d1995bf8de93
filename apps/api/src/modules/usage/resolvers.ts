import type { Tenant } from "@spendline/db";
import type { Resolvers } from "../../generated/graphql.ts";
import { requireUsageWriter, tenantFor } from "../common/access.ts";
import { recordUsage, recordUsages } from "./record-usage.ts";

export const usageResolvers: Resolvers = {
  Mutation: {
    recordUsage: async (_p, { input }, ctx) => {
      requireUsageWriter(ctx);
      const tenant = await tenantFor(ctx, input.tenant);
      const apiKeyId = ctx.principal.kind === "service" ? ctx.principal.apiKeyId : null;
      const result = await recordUsage(ctx, { tenant, input, apiKeyId });
      ctx.metrics.usageRecorded(result);
      ctx.log.debug(
        { tenant: tenant.slug, allowed: result.allowed, duplicate: result.duplicate },
        "usage recorded",
      );
      return result;
    },
    recordUsageBatch: async (_p, { inputs }, ctx) => {
      requireUsageWriter(ctx);
      const apiKeyId = ctx.principal.kind === "service" ? ctx.principal.apiKeyId : null;
      // Each distinct tenant resolved once: a batch usually names one.
      const tenants = new Map<string, Tenant>();
      const items = [];
      for (const input of inputs) {
        let tenant = tenants.get(input.tenant);
        if (!tenant) tenants.set(input.tenant, (tenant = await tenantFor(ctx, input.tenant)));
        items.push({ tenant, input, apiKeyId });
      }
      const results = await recordUsages(ctx, items);
      for (const result of results) ctx.metrics.usageRecorded(result);
      ctx.log.debug({ usages: results.length }, "usage batch recorded");
      return results;
    },
  },
};
