import { AppError, ErrorCode, assertTimezone, badInput, boundedText } from "@spendline/domain";
import type { Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import { recordAudit } from "../audit/record-audit.ts";

export interface CreateTenantOptions {
  slug: string;
  name: string;
  timezone?: string | null;
  actor: string;
}

export const TENANT_SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

export async function createTenant(ctx: Pick<Context, "db">, options: CreateTenantOptions): Promise<Tenant> {
  if (typeof options.slug !== "string" || !TENANT_SLUG.test(options.slug)) {
    throw badInput("slug", "must be 2 to 63 lower-case letters, digits or dashes, starting with a letter or digit");
  }
  const name = boundedText(options.name, "name", 200, true)!;
  const timezone = assertTimezone(options.timezone ?? "UTC");
  return ctx.db.prisma.$transaction(async (tx) => {
    const existing = await tx.tenant.findUnique({ where: { slug: options.slug } });
    if (existing) throw new AppError(ErrorCode.CONFLICT, `A tenant "${options.slug}" already exists.`, { field: "slug" });
    const tenant = await tx.tenant.create({ data: { slug: options.slug, name, timezone } });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor: options.actor,
      action: "tenant.create",
      entityType: "tenant",
      entityId: tenant.id,
      after: tenant,
    });
    return tenant;
  });
}
