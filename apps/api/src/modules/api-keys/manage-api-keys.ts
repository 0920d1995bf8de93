import { AppError, ErrorCode, boundedText } from "@spendline/domain";
import type { ApiKey, Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import { forgetServicePrincipals } from "../../auth/principal-cache.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { newApiKeySecret } from "./api-key-secret.ts";

export async function createApiKey(
  ctx: Pick<Context, "db">,
  options: { tenant: Tenant; name: string; actor: string },
): Promise<{ key: string; apiKey: ApiKey }> {
  const name = boundedText(options.name, "name", 120, true)!;
  const secret = newApiKeySecret();
  const apiKey = await ctx.db.prisma.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { tenantId: options.tenant.id, name, prefix: secret.prefix, keyHash: secret.hash },
    });
    const { keyHash: _omit, ...visible } = created;
    await recordAudit(tx, {
      tenantId: options.tenant.id,
      actor: options.actor,
      action: "apiKey.create",
      entityType: "apiKey",
      entityId: created.id,
      after: visible,
    });
    return created;
  });
  return { key: secret.key, apiKey };
}

export async function revokeApiKey(
  ctx: Pick<Context, "db">,
  options: { tenant: Tenant; id: string; actor: string },
): Promise<ApiKey> {
  const notFound = new AppError(ErrorCode.NOT_FOUND, `No API key ${options.id} in tenant ${options.tenant.slug}.`);
  if (!/^[0-9a-f-]{36}$/i.test(options.id)) throw notFound;
  const revoked = await ctx.db.prisma.$transaction(async (tx) => {
    const where = { tenantId_id: { tenantId: options.tenant.id, id: options.id } };
    const before = await tx.apiKey.findUnique({ where });
    if (!before) throw notFound;
    if (before.revokedAt) return before;
    const after = await tx.apiKey.update({ where, data: { revokedAt: new Date() } });
    const { keyHash: _a, ...b } = before;
    const { keyHash: _b, ...a } = after;
    await recordAudit(tx, {
      tenantId: options.tenant.id,
      actor: options.actor,
      action: "apiKey.revoke",
      entityType: "apiKey",
      entityId: after.id,
      before: b,
      after: a,
    });
    return after;
  });
  // Cached authentications end now in this process (other processes: within CACHE_TTL_MS).
  forgetServicePrincipals();
  return revoked;
}
