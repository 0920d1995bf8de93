// Who may do what, in one place. Tenant scoping: every tenant-scoped operation resolves its tenant through
// `tenantFor`, so a service key can never name another tenant's data. Roles: small guards that resolvers call
// first; the console hides what a role cannot do, but these are what refuse it.
//
//   operation                                   admin token  ADMIN  FINANCE  VIEWER  service key
//   read tenants, budgets, ledger, keys, audit   yes          yes    yes      yes     own tenant (ledger, budgets)
//   export CSV                                   yes          yes    yes      no      own tenant
//   change tenants, budgets, keys, users         yes          yes    no       no      no
//   recordUsage                                  yes          yes    no       no      own tenant
import { AppError, ErrorCode } from "@spendline/domain";
import type { Tenant } from "@spendline/db";
import type { Principal, UserRole } from "../../auth/principal.ts";
import type { Context } from "../../graphql/context.ts";
import { TENANT_SLUG } from "../tenants/create-tenant.ts";

function refuse(message: string): never {
  throw new AppError(ErrorCode.FORBIDDEN, message);
}

function hasRole(p: Principal, roles: readonly UserRole[]): boolean {
  return p.kind === "admin" || (p.kind === "user" && roles.includes(p.role));
}

/** Changes: tenants, budgets, API keys, users. The admin token or an ADMIN user. */
export function requireAdmin(ctx: Pick<Context, "principal">): void {
  if (!hasRole(ctx.principal, ["ADMIN"])) refuse("This operation needs the admin role.");
}

/** Platform-wide reads (all tenants, the audit log): the admin token or any console user; not a service key. */
export function requireReader(ctx: Pick<Context, "principal">): void {
  if (!hasRole(ctx.principal, ["ADMIN", "FINANCE", "VIEWER"]))
    refuse("This operation needs a console user or the admin token.");
}

/** Recording usage: a service key (for its own tenant, checked by tenantFor), the admin token or an ADMIN user. */
export function requireUsageWriter(ctx: Pick<Context, "principal">): void {
  if (ctx.principal.kind !== "service" && !hasRole(ctx.principal, ["ADMIN"])) {
    refuse("Recording usage needs a service API key or the admin role.");
  }
}

/** The signed-in console user (me, signOut). */
export function requireUser(ctx: Pick<Context, "principal">): Extract<Principal, { kind: "user" }> {
  if (ctx.principal.kind !== "user") refuse("This operation needs a console user's session.");
  return ctx.principal;
}

/** The tenant `slug` names, if the caller may act on it. A service key naming any other tenant is refused without
 * looking the slug up, so the answer tells nothing about which tenants exist. */
export async function tenantFor(ctx: Context, slug: string): Promise<Tenant> {
  if (typeof slug !== "string" || !TENANT_SLUG.test(slug)) {
    // Not a slug any tenant can have (and possibly bytes the database refuses, such as NUL): no lookup.
    throw new AppError(ErrorCode.NOT_FOUND, `No tenant "${String(slug).slice(0, 63)}".`, { field: "tenant" });
  }
  const p = ctx.principal;
  if (p.kind === "anonymous") throw new AppError(ErrorCode.UNAUTHENTICATED, "Sign in first.");
  if (p.kind === "service" && p.tenantSlug !== slug) {
    throw new AppError(ErrorCode.FORBIDDEN, "This API key belongs to another tenant.");
  }
  const tenant = await ctx.loaders.tenantBySlug.load(slug);
  if (!tenant) throw new AppError(ErrorCode.NOT_FOUND, `No tenant "${slug}".`, { tenant: slug });
  return tenant;
}

/** Who may download finance exports (GET /exports/*), the one place that decides it: the admin token and ADMIN and
 * FINANCE users, for one tenant or all (`tenantSlug` null); a service key, for its own tenant only. */
export function canExport(principal: Principal, tenantSlug: string | null): boolean {
  if (principal.kind === "service") return tenantSlug === principal.tenantSlug;
  return hasRole(principal, ["ADMIN", "FINANCE"]);
}
