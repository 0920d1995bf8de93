// Which tenants an export covers, after the permission check, and how they are walked: one tenant, or all of them
// in slug order, fetched a page at a time so the tenant list never has to fit in memory either.
import { AppError, ErrorCode } from "@spendline/domain";
import type { Context } from "../../graphql/context.ts";
import { canExport, tenantFor } from "../common/access.ts";

export interface ExportTenant {
  id: string;
  slug: string;
  name: string;
  timezone: string;
}

export type ExportScope = { kind: "tenant"; tenant: ExportTenant } | { kind: "all" };

const TENANT_PAGE = 500;

/** The scope `tenantSlug` asks for. A service key that names no tenant exports its own; naming another tenant is
 * FORBIDDEN before any lookup, so the answer says nothing about which tenants exist. */
export async function resolveExportScope(ctx: Context, tenantSlug: string | null): Promise<ExportScope> {
  const slug = tenantSlug ?? (ctx.principal.kind === "service" ? ctx.principal.tenantSlug : null);
  if (!canExport(ctx.principal, slug)) {
    throw new AppError(ErrorCode.FORBIDDEN, "This token may not export that tenant's data.");
  }
  if (slug === null) return { kind: "all" };
  const t = await tenantFor(ctx, slug);
  return { kind: "tenant", tenant: { id: t.id, slug: t.slug, name: t.name, timezone: t.timezone } };
}

export function scopeLabel(scope: ExportScope): string {
  return scope.kind === "tenant" ? scope.tenant.slug : "all-tenants";
}

export async function* tenantsOf(ctx: Pick<Context, "db">, scope: ExportScope): AsyncGenerator<ExportTenant> {
  if (scope.kind === "tenant") {
    yield scope.tenant;
    return;
  }
  let after = "";
  for (;;) {
    const page = await ctx.db.prisma.$queryRawUnsafe<ExportTenant[]>(
      `SELECT id::text AS id, slug, name, timezone FROM tenants WHERE slug > $1 ORDER BY slug LIMIT ${TENANT_PAGE}`,
      after,
    );
    yield* page;
    if (page.length < TENANT_PAGE) return;
    after = page[page.length - 1]!.slug;
  }
}
