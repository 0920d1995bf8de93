// recordUsage: always record, then decide. The ledger row and the counter updates commit in one transaction;
// `allowed` is computed from the totals including this usage. Over budget is data, never an error.
import {
  AppError,
  ErrorCode,
  normalizeUsage,
  totalTokens,
  type RecordUsageFields,
  type Usage,
} from "@spendline/domain";
import type { LedgerEntry, Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import type { BudgetStatusModel, RecordUsageResultModel } from "../../graphql/models.ts";
import { addToCounters } from "../budgets/counters.ts";
import { allowedBy, budgetStatus, windowRef } from "../budgets/status.ts";
import { withTenantLock } from "../common/tx.ts";
import { uuidv7 } from "../common/uuidv7.ts";
import { priceUsage } from "./price-usage.ts";

export interface RecordUsageOptions {
  tenant: Tenant;
  input: RecordUsageFields;
  apiKeyId: string | null;
  now?: Date;
}

/** Thrown inside the transaction when another request committed the same idempotency key first: the transaction
 * rolls back (undoing this request's counter updates) and the first result is answered instead. */
class IdempotencyKeyTaken extends Error {}

export async function recordUsage(ctx: Pick<Context, "db">, options: RecordUsageOptions): Promise<RecordUsageResultModel> {
  const { tenant, apiKeyId } = options;
  const now = options.now ?? new Date();
  const usage = normalizeUsage(options.input, now);

  if (usage.idempotencyKey) {
    const earlier = await findByIdempotencyKey(ctx, tenant.id, usage.idempotencyKey);
    if (earlier) return replay(earlier, usage);
  }

  const occurredAt = usage.occurredAt ?? now;
  const price = await priceUsage(ctx, tenant, usage);
  try {
    return await withTenantLock(ctx.db, tenant.id, "shared", async (tx) => {
      const budgets = await tx.budget.findMany({ where: { tenantId: tenant.id }, orderBy: { id: "asc" } });
      const refs = budgets.map((b) => windowRef(tenant, b, occurredAt));
      const totals = await addToCounters(tx, tenant.id, refs, {
        costUsd: price.costUsd,
        tokens: BigInt(totalTokens(usage)),
      });
      // Disabled budgets keep counting (so their counters stay equal to the ledger) but neither decide nor show.
      const statuses: BudgetStatusModel[] = [];
      budgets.forEach((b, i) => {
        if (b.enabled) statuses.push(budgetStatus(b, refs[i]!, totals.get(b.id)!));
      });
      const allowed = allowedBy(statuses);
      const inserted = await tx.$queryRawUnsafe<{ id: string }[]>(
        `INSERT INTO ledger_entries (tenant_id, id, idempotency_key, request_hash, model, provider,
           input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
           cost_usd, cost_source, price_version, occurred_at, allowed, api_key_id, metadata, decision)
         VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::numeric, $13::"CostSource", $14,
           $15::timestamptz, $16, $17::uuid, $18::jsonb, $19::jsonb)
         ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
         RETURNING id::text`,
        tenant.id,
        uuidv7(now),
        usage.idempotencyKey,
        usage.requestHash,
        usage.model,
        usage.provider,
        usage.inputTokens,
        usage.outputTokens,
        usage.cacheReadTokens,
        usage.cacheWriteTokens,
        usage.reasoningTokens,
        price.costUsd?.toFixed() ?? null,
        price.source,
        price.priceVersion,
        occurredAt,
        allowed,
        apiKeyId,
        usage.metadata === null ? null : JSON.stringify(usage.metadata),
        JSON.stringify(statuses),
      );
      if (inserted.length === 0) throw new IdempotencyKeyTaken();
      const entry = await tx.ledgerEntry.findUniqueOrThrow({
        where: { tenantId_id: { tenantId: tenant.id, id: inserted[0]!.id } },
      });
      return { recorded: true as const, allowed, duplicate: false, entry, budgets: statuses };
    });
  } catch (e) {
    if (!(e instanceof IdempotencyKeyTaken)) throw e;
    const earlier = await findByIdempotencyKey(ctx, tenant.id, usage.idempotencyKey!);
    if (!earlier) throw new Error("BUG: idempotency key conflicted but no entry holds it");
    return replay(earlier, usage);
  }
}

function findByIdempotencyKey(ctx: Pick<Context, "db">, tenantId: string, key: string) {
  return ctx.db.prisma.ledgerEntry.findUnique({ where: { tenantId_idempotencyKey: { tenantId, idempotencyKey: key } } });
}

/** The first result for this key, or IDEMPOTENCY_CONFLICT when the key was used for a different payload. */
function replay(entry: LedgerEntry, usage: Usage): RecordUsageResultModel {
  if (entry.requestHash !== usage.requestHash) {
    throw new AppError(
      ErrorCode.IDEMPOTENCY_CONFLICT,
      `Idempotency key "${usage.idempotencyKey}" was already used for a different usage.`,
      { idempotencyKey: usage.idempotencyKey, entryId: entry.id },
    );
  }
  return {
    recorded: true,
    allowed: entry.allowed,
    duplicate: true,
    entry,
    budgets: entry.decision as unknown as BudgetStatusModel[],
  };
}
