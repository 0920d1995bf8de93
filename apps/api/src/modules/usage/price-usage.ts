// The cost of a usage and where it came from. A cost the caller reports is the truth (REPORTED); without one the
// usage is UNPRICED: its cost is unknown (null), never silently zero.
import type { Decimal, Usage } from "@spendline/domain";
import type { Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";

export interface Price {
  costUsd: Decimal | null;
  source: "REPORTED" | "CATALOG" | "UNPRICED";
  priceVersion: string | null;
}

export async function priceUsage(_ctx: Pick<Context, "db">, _tenant: Tenant, usage: Usage): Promise<Price> {
  if (usage.costUsd !== null) return { costUsd: usage.costUsd, source: "REPORTED", priceVersion: null };
  return { costUsd: null, source: "UNPRICED", priceVersion: null };
}
