// Per-request batching, so a page of budgets or statuses costs one query, not one per row.
import DataLoader from "dataloader";
import type { Budget, Database, Tenant } from "@spendline/db";

export interface Loaders {
  tenantBySlug: DataLoader<string, Tenant | null>;
  tenantById: DataLoader<string, Tenant | null>;
  budgetById: DataLoader<string, Budget | null>;
}

export function createLoaders(db: Database): Loaders {
  const byKey = <T, K extends keyof T>(rows: T[], key: K) => new Map(rows.map((r) => [r[key] as unknown, r]));
  return {
    tenantBySlug: new DataLoader(async (slugs) => {
      const m = byKey(await db.prisma.tenant.findMany({ where: { slug: { in: [...slugs] } } }), "slug");
      return slugs.map((s) => m.get(s) ?? null);
    }),
    tenantById: new DataLoader(async (ids) => {
      const m = byKey(await db.prisma.tenant.findMany({ where: { id: { in: [...ids] } } }), "id");
      return ids.map((s) => m.get(s) ?? null);
    }),
    budgetById: new DataLoader(async (ids) => {
      const m = byKey(await db.prisma.budget.findMany({ where: { id: { in: [...ids] } } }), "id");
      return ids.map((s) => m.get(s) ?? null);
    }),
  };
}
