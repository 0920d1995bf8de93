// Tenant scoping lives here and only here: every tenant-scoped operation resolves its tenant through
// `tenantFor`, so a service key can never name another tenant's data.
import { AppError, ErrorCode } from "@spendline/domain";
import type { Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import { TENANT_SLUG } from "../tenants/create-tenant.ts";

export function requireAdmin(ctx: Context): void {
  if (ctx.principal.kind !== "admin") {
    throw new AppError(ErrorCode.FORBIDDEN, "This operation needs a platform-admin token.");
  }
}

/** The tenant `slug` names, if the caller may act on it. A service key naming any other tenant is refused without
 * looking the slug up, so the answer tells nothing about which tenants exist. */
export async function tenantFor(ctx: Context, slug: string): Promise<Tenant> {
  if (typeof slug !== "string" || !TENANT_SLUG.test(slug)) {
    // Not a slug any tenant can have (and possibly bytes the database refuses, such as NUL): no lookup.
    throw new AppError(ErrorCode.NOT_FOUND, `No tenant "${String(slug).slice(0, 63)}".`, { field: "tenant" });
  }
  const p = ctx.principal;
  if (p.kind === "service" && p.tenantSlug !== slug) {
    throw new AppError(ErrorCode.FORBIDDEN, "This API key belongs to another tenant.");
  }
  const tenant = await ctx.loaders.tenantBySlug.load(slug);
  if (!tenant) throw new AppError(ErrorCode.NOT_FOUND, `No tenant "${slug}".`, { tenant: slug });
  return tenant;
}
