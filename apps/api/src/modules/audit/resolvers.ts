import type { Resolvers } from "../../generated/graphql.ts";
import { requireReader, tenantFor } from "../common/access.ts";
import { listAudit } from "./list-audit.ts";
import { PLATFORM_TENANT_ID } from "./record-audit.ts";

export const auditResolvers: Resolvers = {
  Query: {
    auditLog: async (_p, { first, after, tenant }, ctx) => {
      requireReader(ctx);
      const tenantId = tenant ? (await tenantFor(ctx, tenant)).id : null;
      return listAudit(ctx, { tenantId, first, after });
    },
  },
  Tenant: {
    auditLog: (t, { first, after }, ctx) => {
      requireReader(ctx);
      return listAudit(ctx, { tenantId: t.id, first, after });
    },
  },
  AuditEntry: {
    tenant: (e, _a, ctx) =>
      e.tenantId === PLATFORM_TENANT_ID ? null : ctx.loaders.tenantById.load(e.tenantId),
  },
};
