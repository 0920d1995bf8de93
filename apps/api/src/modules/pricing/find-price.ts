// Which price applies to a usage: the tenant's own override for the model, else the override for every tenant,
// else the catalog's price (by provider and model, at the time of the call), else none (UNPRICED).
import { Decimal, USD_SCALE } from "@spendline/domain";
import { catalogPrice, flatRate, type ModelRates } from "@spendline/pricing";
import type { PriceOverride } from "@spendline/db";
import type { Tx } from "../common/tx.ts";

/** tenant_id of an override that applies to every tenant (tenant_id is part of every key, see schema.prisma). */
export const ALL_TENANTS = "00000000-0000-0000-0000-000000000000";

export interface ResolvedPrice {
  rates: ModelRates;
  priceVersion: string;
}

type Reader = Pick<Tx, "priceOverride">;

/** Model names are matched ignoring case and surrounding space. */
export function overrideKey(model: string): string {
  return model.trim().toLowerCase();
}

export function overridePriceVersion(o: Pick<PriceOverride, "id" | "version">): string {
  return `override:${o.id}@v${o.version}`;
}

export function overrideRates(o: PriceOverride): ModelRates {
  const rate = (d: PriceOverride["inputUsdPerMtok"] | null) => (d === null ? null : flatRate(d.toFixed()));
  return {
    input: rate(o.inputUsdPerMtok),
    output: rate(o.outputUsdPerMtok),
    cacheRead: rate(o.cacheReadUsdPerMtok),
    cacheWrite: rate(o.cacheWriteUsdPerMtok),
    reasoning: null,
    perRequestUsd: null,
  };
}

/** The overrides in force for a tenant, by model key: its own where it has one, else the one for every tenant. */
export async function overridesFor(db: Reader, tenantId: string, models?: string[]): Promise<Map<string, PriceOverride>> {
  const rows = await db.priceOverride.findMany({
    where: { tenantId: { in: [tenantId, ALL_TENANTS] }, ...(models ? { model: { in: models.map(overrideKey) } } : {}) },
  });
  const byModel = new Map<string, PriceOverride>();
  for (const row of rows) {
    const held = byModel.get(row.model);
    if (!held || held.tenantId === ALL_TENANTS) byModel.set(row.model, row);
  }
  return byModel;
}

export function resolvePrice(
  overrides: Map<string, PriceOverride>,
  usage: { model: string; provider: string | null; occurredAt: Date },
): ResolvedPrice | null {
  const override = overrides.get(overrideKey(usage.model));
  if (override) return { rates: overrideRates(override), priceVersion: overridePriceVersion(override) };
  const catalog = catalogPrice(usage.model, { provider: usage.provider, at: usage.occurredAt });
  return catalog && { rates: catalog.rates, priceVersion: catalog.priceVersion };
}

export async function findPrice(
  db: Reader,
  tenantId: string,
  usage: { model: string; provider: string | null; occurredAt: Date },
): Promise<ResolvedPrice | null> {
  return resolvePrice(await overridesFor(db, tenantId, [usage.model]), usage);
}

/** The ledger keeps 18 fractional digits; round once here so the row, the counters and the answer agree. */
export function toLedgerScale(d: Decimal): Decimal {
  return d.toDecimalPlaces(USD_SCALE, Decimal.ROUND_HALF_EVEN);
}
