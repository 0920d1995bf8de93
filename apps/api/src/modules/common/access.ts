// Tenant scoping lives here and only here: every tenant-scoped operation resolves its tenant through
// `tenantFor`, so a service key can never name another tenant's data.
import { AppError, ErrorCode } from "@spendline/domain";
import type { Tenant } from "@spendline/db";
import type { Principal } from "../../auth/principal.ts";
import type { Context } from "../../graphql/context.ts";

export function requireAdmin(ctx: Context): void {
  if (ctx.principal.kind !== "admin") {
    throw new AppError(ErrorCode.FORBIDDEN, "This operation needs a platform-admin token.");
  }
}

/** The tenant `slug` names, if the caller may act on it. A service key naming any other tenant is refused without
 * looking the slug up, so the answer tells nothing about which tenants exist. */
export async function tenantFor(ctx: Context, slug: string): Promise<Tenant> {
  if (typeof slug !== "string" || slug.length === 0 || slug.length > 63) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, "tenant: must be a tenant slug", { field: "tenant" });
  }
  const p = ctx.principal;
  if (p.kind === "service" && p.tenantSlug !== slug) {
    throw new AppError(ErrorCode.FORBIDDEN, "This API key belongs to another tenant.");
  }
  const tenant = await ctx.loaders.tenantBySlug.load(slug);
  if (!tenant) throw new AppError(ErrorCode.NOT_FOUND, `No tenant "${slug}".`, { tenant: slug });
  return tenant;
}

/** Who may download finance exports (GET /exports/*): a platform admin, for one tenant or all (`tenantSlug`
 * null); a service key, for its own tenant only. The one place export permission is decided: further roles
 * (finance) are added here. */
export function canExport(principal: Principal, tenantSlug: string | null): boolean {
  switch (principal.kind) {
    case "admin":
      return true;
    case "service":
      return tenantSlug === principal.tenantSlug;
  }
}
