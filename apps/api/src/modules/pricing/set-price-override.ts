// setPriceOverride / deletePriceOverride: admin prices per model, for one tenant or for every tenant. Each change is
// audit-logged in its transaction, before and after. A new price applies to usage recorded from then on; UNPRICED
// entries already in the ledger get it through repriceUnpriced.
import { badInput, boundedText, LIMITS, parseDecimal } from "@spendline/domain";
import type { PriceOverride, Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { sqlState } from "../common/tx.ts";
import { ALL_TENANTS, overrideKey } from "./find-price.ts";

export interface SetPriceOverrideFields {
  model: string;
  inputUsdPerMtok: string;
  outputUsdPerMtok: string;
  cacheReadUsdPerMtok?: string | null;
  cacheWriteUsdPerMtok?: string | null;
}

export interface SetPriceOverrideOptions {
  /** Null: every tenant. */
  tenant: Tenant | null;
  input: SetPriceOverrideFields;
  actor: string;
}

function modelKey(model: unknown): string {
  return overrideKey(boundedText(model, "model", LIMITS.maxModelLength, true)!);
}

interface OverrideRates {
  inputUsdPerMtok: string;
  outputUsdPerMtok: string;
  cacheReadUsdPerMtok: string | null;
  cacheWriteUsdPerMtok: string | null;
}

function rate(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null) return null;
  return parseDecimal(value, field, { max: LIMITS.maxUsdPerMtok }).toFixed();
}

function requiredRate(value: string | null | undefined, field: string): string {
  const r = rate(value, field);
  if (r === null) throw badInput(field, "is required");
  return r;
}

export async function setPriceOverride(ctx: Pick<Context, "db">, options: SetPriceOverrideOptions): Promise<PriceOverride> {
  const { input, actor } = options;
  const tenantId = options.tenant?.id ?? ALL_TENANTS;
  const model = modelKey(input.model);
  const rates: OverrideRates = {
    inputUsdPerMtok: requiredRate(input.inputUsdPerMtok, "inputUsdPerMtok"),
    outputUsdPerMtok: requiredRate(input.outputUsdPerMtok, "outputUsdPerMtok"),
    cacheReadUsdPerMtok: rate(input.cacheReadUsdPerMtok, "cacheReadUsdPerMtok"),
    cacheWriteUsdPerMtok: rate(input.cacheWriteUsdPerMtok, "cacheWriteUsdPerMtok"),
  };
  // Two admins creating the same (tenant, model) at once: the loser's insert violates the unique key; its retry
  // finds the winner's row and updates it (so both changes are in the audit log, in commit order).
  for (let attempt = 1; ; attempt++) {
    try {
      return await upsertOverride(ctx, tenantId, model, rates, actor);
    } catch (e) {
      if (attempt >= 3 || !isUniqueViolation(e)) throw e;
    }
  }
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown })?.code === "P2002" || sqlState(e) === "23505";
}

async function upsertOverride(
  ctx: Pick<Context, "db">,
  tenantId: string,
  model: string,
  rates: OverrideRates,
  actor: string,
): Promise<PriceOverride> {
  return ctx.db.prisma.$transaction(async (tx) => {
    const before = await tx.priceOverride.findUnique({ where: { tenantId_model: { tenantId, model } } });
    const after = before
      ? await tx.priceOverride.update({
          where: { tenantId_id: { tenantId, id: before.id } },
          data: { ...rates, version: { increment: 1 } },
        })
      : await tx.priceOverride.create({ data: { tenantId, model, ...rates } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: before ? "price_override.update" : "price_override.create",
      entityType: "price_override",
      entityId: after.id,
      before,
      after,
    });
    return after;
  });
}

export interface DeletePriceOverrideOptions {
  tenant: Tenant | null;
  model: string;
  actor: string;
}

export async function deletePriceOverride(
  ctx: Pick<Context, "db">,
  options: DeletePriceOverrideOptions,
): Promise<PriceOverride | null> {
  const tenantId = options.tenant?.id ?? ALL_TENANTS;
  const model = modelKey(options.model);
  return ctx.db.prisma.$transaction(async (tx) => {
    const before = await tx.priceOverride.findUnique({ where: { tenantId_model: { tenantId, model } } });
    if (!before) return null;
    await tx.priceOverride.delete({ where: { tenantId_id: { tenantId, id: before.id } } });
    await recordAudit(tx, {
      tenantId,
      actor: options.actor,
      action: "price_override.delete",
      entityType: "price_override",
      entityId: before.id,
      before,
    });
    return before;
  });
}

export async function listPriceOverrides(ctx: Pick<Context, "db">, tenant: Tenant | null): Promise<PriceOverride[]> {
  return ctx.db.prisma.priceOverride.findMany({
    where: { tenantId: tenant?.id ?? ALL_TENANTS },
    orderBy: { model: "asc" },
  });
}
