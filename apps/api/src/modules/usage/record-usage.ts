// recordUsage: always record, then decide. The ledger row and the counter updates commit in one transaction;
// `allowed` is computed from the totals including this usage. Over budget is data, never an error.
//
// Input is validated and priced here, per caller, before it joins a group commit (group-commit.ts): a bad input
// fails its own call only, and the transaction holds nothing that could fail because of one caller's input.
import { AppError, ErrorCode, normalizeUsage, type RecordUsageFields } from "@spendline/domain";
import type { Tenant } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import type { RecordUsageResultModel } from "../../graphql/models.ts";
import type { PendingUsage } from "./commit-usages.ts";
import { MAX_BATCH_USAGES, groupCommitQueue } from "./group-commit.ts";
import { priceUsage, reportedPrice, type Price } from "./price-usage.ts";

export interface RecordUsageOptions {
  tenant: Tenant;
  input: RecordUsageFields;
  apiKeyId: string | null;
  now?: Date;
}

export async function recordUsage(
  ctx: Pick<Context, "db">,
  options: RecordUsageOptions,
): Promise<RecordUsageResultModel> {
  const [result] = await groupCommitQueue(ctx.db).submit([await prepare(ctx, options)]);
  return result!;
}

/** The most usages one recordUsageBatch request may carry. */
export const MAX_USAGES_PER_REQUEST = MAX_BATCH_USAGES;

/**
 * Many usages in one request: recorded in one transaction, all or none, one result per usage in input order.
 * A usage repeating an earlier one's idempotency key (in the ledger or earlier in the list) is answered as its
 * duplicate. Any invalid input or idempotency conflict fails the whole request and records nothing.
 */
export async function recordUsages(
  ctx: Pick<Context, "db">,
  items: RecordUsageOptions[],
): Promise<RecordUsageResultModel[]> {
  if (items.length > MAX_USAGES_PER_REQUEST) {
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `recordUsageBatch takes at most ${MAX_USAGES_PER_REQUEST} usages per request (got ${items.length}); split it.`,
      { field: "inputs", max: MAX_USAGES_PER_REQUEST },
    );
  }
  if (items.length === 0) return [];
  const group: PendingUsage[] = [];
  for (const [index, options] of items.entries()) {
    try {
      const pending = prepare(ctx, options);
      group.push(pending instanceof Promise ? await pending : pending);
    } catch (e) {
      if (e instanceof AppError)
        throw new AppError(e.code, `inputs[${index}]: ${e.message}`, { ...e.details, index });
      throw e;
    }
  }
  return groupCommitQueue(ctx.db).submit(group);
}

/** Validated and priced. Synchronous when the caller reported the cost (a batch of them then costs no await per
 * usage); a catalog price is looked up asynchronously. */
function prepare(
  ctx: Pick<Context, "db">,
  options: RecordUsageOptions,
): PendingUsage | Promise<PendingUsage> {
  const receivedAt = options.now ?? new Date();
  const usage = normalizeUsage(options.input, receivedAt);
  const pending = (price: Price): PendingUsage => ({
    tenant: options.tenant,
    usage,
    price,
    apiKeyId: options.apiKeyId,
    receivedAt,
  });
  const reported = reportedPrice(usage);
  return reported ? pending(reported) : priceUsage(ctx, options.tenant, usage).then(pending);
}
