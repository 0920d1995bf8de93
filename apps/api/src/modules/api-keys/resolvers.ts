import type { Resolvers } from "../../generated/graphql.ts";
import { requireAdmin, requireReader, tenantFor } from "../common/access.ts";
import { createApiKey, revokeApiKey } from "./manage-api-keys.ts";

export const apiKeyResolvers: Resolvers = {
  Mutation: {
    createApiKey: async (_p, args, ctx) => {
      requireAdmin(ctx);
      return createApiKey(ctx, { tenant: await tenantFor(ctx, args.tenant), name: args.name, actor: ctx.principal.actor });
    },
    revokeApiKey: async (_p, args, ctx) => {
      requireAdmin(ctx);
      return revokeApiKey(ctx, { tenant: await tenantFor(ctx, args.tenant), id: args.id, actor: ctx.principal.actor });
    },
  },
  Tenant: {
    apiKeys: (t, _a, ctx) => {
      requireReader(ctx);
      return ctx.db.prisma.apiKey.findMany({ where: { tenantId: t.id }, orderBy: { createdAt: "desc" } });
    },
  },
};
