// repriceUnpriced: once a model has a price (an override, or a newer catalog), give the tenant's UNPRICED entries
// their cost and move the budget counters by exactly that cost. Holds the tenant's budget lock EXCLUSIVELY, so no
// usage commits between pricing the rows and adjusting the counters; the ledger trigger allows exactly this update
// (cost_usd, cost_source, price_version of an UNPRICED row) and nothing else.
import { formatDecimal, sumDecimals } from "@spendline/domain";
import type { Tenant } from "@spendline/db";
import { priceTokens } from "@spendline/pricing";
import type { Context } from "../../graphql/context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { withTenantLock, type Tx } from "../common/tx.ts";
import { overrideKey, overridesFor, resolvePrice, toLedgerScale } from "./find-price.ts";

export interface RepriceUnpricedOptions {
  tenant: Tenant;
  /** Only entries of this model (ignoring case); absent: all of the tenant's UNPRICED entries. */
  model?: string | null;
  actor: string;
}

export interface RepriceResultModel {
  repricedEntries: string;
  repricedCostUsd: string;
  stillUnpricedEntries: string;
  countersAdjusted: number;
}

interface UnpricedRow {
  id: string;
  model: string;
  provider: string | null;
  input_tokens: string;
  output_tokens: string;
  cache_read_tokens: string;
  cache_write_tokens: string;
  reasoning_tokens: string;
  occurred_at: Date;
}

interface Repriced {
  id: string;
  cost: string;
  priceVersion: string;
}

/** How many entry ids the audit record lists; the rows themselves carry their price_version. */
const AUDIT_IDS = 1000;

export async function repriceUnpriced(ctx: Pick<Context, "db">, options: RepriceUnpricedOptions): Promise<RepriceResultModel> {
  const { tenant, actor } = options;
  const model = options.model == null ? null : overrideKey(options.model);
  return withTenantLock(ctx.db, tenant.id, "exclusive", async (tx) => {
    const unpriced = await tx.$queryRawUnsafe<UnpricedRow[]>(
      `SELECT id::text, model, provider, input_tokens::text, output_tokens::text, cache_read_tokens::text,
         cache_write_tokens::text, reasoning_tokens::text, occurred_at
       FROM ledger_entries
       WHERE tenant_id = $1::uuid AND cost_source = 'UNPRICED' AND ($2::text IS NULL OR lower(model) = $2::text)
       ORDER BY id`,
      tenant.id,
      model,
    );
    const overrides = await overridesFor(tx, tenant.id);
    const repriced: Repriced[] = [];
    for (const row of unpriced) {
      const price = resolvePrice(overrides, { model: row.model, provider: row.provider, occurredAt: new Date(row.occurred_at) });
      const cost =
        price &&
        priceTokens(price.rates, {
          inputTokens: Number(row.input_tokens),
          outputTokens: Number(row.output_tokens),
          cacheReadTokens: Number(row.cache_read_tokens),
          cacheWriteTokens: Number(row.cache_write_tokens),
          reasoningTokens: Number(row.reasoning_tokens),
        });
      if (price && cost) repriced.push({ id: row.id, cost: toLedgerScale(cost.costUsd).toFixed(), priceVersion: price.priceVersion });
    }
    const total = sumDecimals(repriced.map((r) => r.cost));
    const countersAdjusted = repriced.length === 0 ? 0 : await applyPrices(tx, tenant.id, repriced);
    const result: RepriceResultModel = {
      repricedEntries: String(repriced.length),
      repricedCostUsd: formatDecimal(total),
      stillUnpricedEntries: String(unpriced.length - repriced.length),
      countersAdjusted,
    };
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: "ledger.reprice",
      entityType: "tenant",
      entityId: tenant.id,
      before: { model, unpricedEntries: unpriced.length },
      after: {
        ...result,
        entries: repriced.slice(0, AUDIT_IDS).map((r) => ({ id: r.id, costUsd: r.cost, priceVersion: r.priceVersion })),
        entriesTruncated: repriced.length > AUDIT_IDS,
      },
    });
    return result;
  });
}

/** Prices the rows, then moves each counter whose window holds any of them by exactly their new cost, one fewer
 * unpriced entry and their tokens fewer unpriced tokens each. Returns how many counters moved. */
async function applyPrices(tx: Tx, tenantId: string, repriced: Repriced[]): Promise<number> {
  const updated = await tx.$executeRawUnsafe(
    `UPDATE ledger_entries l SET cost_usd = v.cost, cost_source = 'CATALOG', price_version = v.price_version
     FROM jsonb_to_recordset($2::jsonb) AS v(id uuid, cost numeric, price_version text)
     WHERE l.tenant_id = $1::uuid AND l.id = v.id AND l.cost_source = 'UNPRICED'`,
    tenantId,
    JSON.stringify(repriced.map((r) => ({ id: r.id, cost: r.cost, price_version: r.priceVersion }))),
  );
  if (updated !== repriced.length) throw new Error(`BUG: priced ${updated} of ${repriced.length} UNPRICED entries`);
  return tx.$executeRawUnsafe(
    `UPDATE budget_counters c SET
       used_cost_usd = c.used_cost_usd + d.cost,
       unpriced_entries = c.unpriced_entries - d.n,
       unpriced_tokens = c.unpriced_tokens - d.tokens
     FROM (
       SELECT w.budget_id, w.window_start, SUM(l.cost_usd) AS cost, COUNT(*) AS n,
              SUM(l.input_tokens + l.output_tokens) AS tokens
       FROM budget_counters w
       JOIN ledger_entries l ON l.tenant_id = w.tenant_id AND l.occurred_at >= w.window_start
         AND (w.window_end IS NULL OR l.occurred_at < w.window_end)
       WHERE w.tenant_id = $1::uuid AND l.id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))
       GROUP BY w.budget_id, w.window_start
     ) d
     WHERE c.tenant_id = $1::uuid AND c.budget_id = d.budget_id AND c.window_start = d.window_start`,
    tenantId,
    JSON.stringify(repriced.map((r) => r.id)),
  );
}
