// The cost of a usage and where it came from. A cost the caller reports is the truth (REPORTED). Otherwise the
// tokens are priced from an admin override or the model price catalog (CATALOG, with the price version used);
// a model without a price is UNPRICED: its cost is unknown (null), never silently zero.
import type { Decimal, Usage } from "@spendline/domain";
import type { Tenant } from "@spendline/db";
import { priceTokens } from "@spendline/pricing";
import type { Context } from "../../graphql/context.ts";
import { findPrice, toLedgerScale } from "../pricing/find-price.ts";

export interface Price {
  costUsd: Decimal | null;
  source: "REPORTED" | "CATALOG" | "UNPRICED";
  priceVersion: string | null;
}

/** The caller's own cost, when it reported one: that is the truth. */
export function reportedPrice(usage: Usage): Price | null {
  return usage.costUsd === null ? null : { costUsd: usage.costUsd, source: "REPORTED", priceVersion: null };
}

export async function priceUsage(ctx: Pick<Context, "db">, tenant: Tenant, usage: Usage): Promise<Price> {
  const reported = reportedPrice(usage);
  if (reported) return reported;
  const occurredAt = usage.occurredAt ?? new Date();
  const price = await findPrice(ctx.db.prisma, tenant.id, {
    model: usage.model,
    provider: usage.provider,
    occurredAt,
  });
  const cost = price && priceTokens(price.rates, usage);
  if (!price || !cost) return { costUsd: null, source: "UNPRICED", priceVersion: null };
  return { costUsd: toLedgerScale(cost.costUsd), source: "CATALOG", priceVersion: price.priceVersion };
}
