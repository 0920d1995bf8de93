// The executable schema: every module's SDL (src/modules/*/schema.graphql) and resolvers.
import fs from "node:fs";
import path from "node:path";
import type { Resolvers } from "../generated/graphql.ts";
import { apiKeyResolvers } from "../modules/api-keys/resolvers.ts";
import { auditResolvers } from "../modules/audit/resolvers.ts";
import { budgetResolvers } from "../modules/budgets/resolvers.ts";
import { ledgerResolvers } from "../modules/ledger/resolvers.ts";
import { pricingResolvers } from "../modules/pricing/resolvers.ts";
import { spendResolvers } from "../modules/spend/resolvers.ts";
import { tenantResolvers } from "../modules/tenants/resolvers.ts";
import { usageResolvers } from "../modules/usage/resolvers.ts";
import { userResolvers } from "../modules/users/resolvers.ts";
import { BigIntScalar, DateTimeScalar, DecimalScalar, JSONScalar } from "./scalars.ts";

const modulesDir = path.join(import.meta.dirname, "../modules");

export function loadTypeDefs(): string[] {
  return fs
    .readdirSync(modulesDir)
    .sort((a, b) => (a === "common" ? -1 : b === "common" ? 1 : a.localeCompare(b)))
    .map((m) => path.join(modulesDir, m, "schema.graphql"))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f, "utf8"));
}

function mergeResolvers(parts: Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) {
      merged[type] = { ...merged[type], ...(fields as Record<string, unknown>) };
    }
  }
  return merged as Resolvers;
}

export const resolvers = mergeResolvers([
  {
    Decimal: DecimalScalar,
    BigInt: BigIntScalar,
    DateTime: DateTimeScalar,
    JSON: JSONScalar,
    Query: { health: () => "ok" },
  },
  tenantResolvers,
  budgetResolvers,
  usageResolvers,
  ledgerResolvers,
  apiKeyResolvers,
  auditResolvers,
  pricingResolvers,
  spendResolvers,
  userResolvers,
]);
