// Per-request batching, so a page of budgets or statuses costs one query, not one per row.
import DataLoader from "dataloader";
import type { Budget, Database, Tenant } from "@spendline/db";
import { tenantsBySlug } from "../auth/principal-cache.ts";
import {
  loadWindowTotals,
  windowKeyId,
  type LedgerTotals,
  type WindowKey,
} from "../modules/spend/window-totals.ts";

export interface Loaders {
  tenantBySlug: DataLoader<string, Tenant | null>;
  tenantById: DataLoader<string, Tenant | null>;
  budgetById: DataLoader<string, Budget | null>;
  /** Every budget of a tenant (enabled or not), oldest first. */
  budgetsByTenant: DataLoader<string, Budget[]>;
  /** Ledger totals of a (tenant, window): one aggregate query per batch. */
  windowTotals: DataLoader<WindowKey, LedgerTotals, string>;
  /** Distinct models in a tenant's ledger. */
  modelsByTenant: DataLoader<string, string[]>;
}

export function createLoaders(db: Database): Loaders {
  const byKey = <T, K extends keyof T>(rows: T[], key: K) => new Map(rows.map((r) => [r[key] as unknown, r]));
  const groupBy = <T, K extends keyof T>(rows: T[], key: K) => {
    const m = new Map<unknown, T[]>();
    for (const r of rows) m.set(r[key], [...(m.get(r[key]) ?? []), r]);
    return m;
  };
  return {
    // Behind a short process-wide cache (auth/principal-cache.ts), in plain SQL: every recordUsage resolves its
    // tenant here, and Prisma's per-query CPU showed in the profiles (docs/performance.md).
    tenantBySlug: new DataLoader(async (slugs) => {
      // Answer from what was read here, not from a second look into the cache: an entry can expire while the
      // query for the others is in flight, and a tenant then came back as "No tenant" (seen under pnpm bench).
      const found = new Map<string, Tenant>();
      const missing: string[] = [];
      for (const s of slugs) {
        const cached = tenantsBySlug.get(s);
        if (cached) found.set(s, cached);
        else missing.push(s);
      }
      if (missing.length > 0) {
        const rows = await db.sql.$queryRawUnsafe<Tenant[]>(
          `SELECT id::text AS id, slug, name, timezone, created_at AS "createdAt" FROM tenants
           WHERE slug = ANY($1::text[])`,
          missing,
        );
        for (const row of rows) {
          const t = { ...row, createdAt: new Date(row.createdAt) };
          tenantsBySlug.set(t.slug, t);
          found.set(t.slug, t);
        }
      }
      return slugs.map((s) => found.get(s) ?? null);
    }),
    tenantById: new DataLoader(async (ids) => {
      const m = byKey(await db.prisma.tenant.findMany({ where: { id: { in: [...ids] } } }), "id");
      return ids.map((s) => m.get(s) ?? null);
    }),
    budgetById: new DataLoader(async (ids) => {
      const m = byKey(await db.prisma.budget.findMany({ where: { id: { in: [...ids] } } }), "id");
      return ids.map((s) => m.get(s) ?? null);
    }),
    budgetsByTenant: new DataLoader(async (tenantIds) => {
      const rows = await db.prisma.budget.findMany({
        where: { tenantId: { in: [...tenantIds] } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      const m = groupBy(rows, "tenantId");
      return tenantIds.map((t) => m.get(t) ?? []);
    }),
    windowTotals: new DataLoader((keys) => loadWindowTotals(db, keys), { cacheKeyFn: windowKeyId }),
    modelsByTenant: new DataLoader(async (tenantIds) => {
      const rows = await db.prisma.ledgerEntry.findMany({
        where: { tenantId: { in: [...tenantIds] } },
        distinct: ["tenantId", "model"],
        select: { tenantId: true, model: true },
        orderBy: [{ tenantId: "asc" }, { model: "asc" }],
      });
      const m = groupBy(rows, "tenantId");
      return tenantIds.map((t) => (m.get(t) ?? []).map((r) => r.model));
    }),
  };
}
