// Group commit: many usages (from many callers and tenants) recorded in ONE transaction. Every caller's answer is
// exactly what it would have been had the usages committed one by one in batch order: each usage's `allowed` and
// budget statuses come from the running totals of its windows, which start from the counters as locked by this
// transaction (so they include every usage committed before it) and advance usage by usage.
//
// A group is the unit that commits or fails: one recordUsage call, or one recordUsageBatch request. A group whose
// idempotency key conflicts fails alone; the other groups of the batch still commit.
import { AppError, ErrorCode, totalTokens, type Usage } from "@spendline/domain";
import {
  Prisma,
  type Budget,
  type Database,
  type LedgerEntry,
  copyText,
  type SqlQuery,
  type SqlTransaction,
  type Tenant,
} from "@spendline/db";
import type { BudgetStatusModel, RecordUsageResultModel } from "../../graphql/models.ts";
import {
  applyCounterDeltas,
  counterKeyOf,
  deltaPlus,
  emptyDelta,
  totalsPlus,
  type BudgetWindowRef,
  type CounterDelta,
  type WindowTotals,
} from "../budgets/counters.ts";
import { allowedBy, budgetStatus, windowRef } from "../budgets/status.ts";
import { sqlState, withTenantLocksSql } from "../common/tx.ts";
import { uuidv7 } from "../common/uuidv7.ts";
import type { Price } from "./price-usage.ts";

/** One validated, priced usage waiting to be recorded. */
export interface PendingUsage {
  tenant: Tenant;
  usage: Usage;
  price: Price;
  apiKeyId: string | null;
  /** When the API received it: the ledger id's time, and the occurredAt of a usage that sent none. */
  receivedAt: Date;
}

export type GroupOutcome = { ok: true; results: RecordUsageResultModel[] } | { ok: false; error: unknown };

/** Another transaction committed one of our idempotency keys after our check: retry the batch, which then
 * answers that usage as a replay. */
class IdempotencyKeyTakenConcurrently extends Error {}

const MAX_KEY_RACE_RETRIES = 5;

/** Ledger columns as the raw query returns them; text where the adapters would otherwise differ. */
const ENTRY_COLUMNS = `tenant_id::text AS tenant_id, id::text AS id, idempotency_key, request_hash, model, provider,
  input_tokens::text AS input_tokens, output_tokens::text AS output_tokens,
  cache_read_tokens::text AS cache_read_tokens, cache_write_tokens::text AS cache_write_tokens,
  reasoning_tokens::text AS reasoning_tokens, cost_usd::text AS cost_usd, cost_source::text AS cost_source,
  price_version, occurred_at, recorded_at, allowed, api_key_id::text AS api_key_id, metadata, decision`;

interface EntryRow {
  tenant_id: string;
  id: string;
  idempotency_key: string | null;
  request_hash: string;
  model: string;
  provider: string | null;
  input_tokens: string;
  output_tokens: string;
  cache_read_tokens: string;
  cache_write_tokens: string;
  reasoning_tokens: string;
  cost_usd: string | null;
  cost_source: string;
  price_version: string | null;
  occurred_at: Date | string;
  recorded_at: Date | string;
  allowed: boolean;
  api_key_id: string | null;
  metadata: Prisma.JsonValue | null;
  decision: Prisma.JsonValue;
}

function toEntry(r: EntryRow): LedgerEntry {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    idempotencyKey: r.idempotency_key,
    requestHash: r.request_hash,
    model: r.model,
    provider: r.provider,
    inputTokens: BigInt(r.input_tokens),
    outputTokens: BigInt(r.output_tokens),
    cacheReadTokens: BigInt(r.cache_read_tokens),
    cacheWriteTokens: BigInt(r.cache_write_tokens),
    reasoningTokens: BigInt(r.reasoning_tokens),
    costUsd: r.cost_usd === null ? null : new Prisma.Decimal(r.cost_usd),
    costSource: r.cost_source as LedgerEntry["costSource"],
    priceVersion: r.price_version,
    occurredAt: new Date(r.occurred_at),
    recordedAt: new Date(r.recorded_at),
    allowed: r.allowed,
    apiKeyId: r.api_key_id,
    metadata: r.metadata,
    decision: r.decision,
  };
}

/** The first result for a key, or IDEMPOTENCY_CONFLICT when the key was used for a different usage. */
export function replay(entry: LedgerEntry, usage: Usage): RecordUsageResultModel {
  if (entry.requestHash !== usage.requestHash) throw idempotencyConflict(usage, entry.id);
  return {
    recorded: true,
    allowed: entry.allowed,
    duplicate: true,
    entry,
    budgets: entry.decision as unknown as BudgetStatusModel[],
  };
}

/** `index`: the usage's position in a recordUsageBatch request (absent for a single recordUsage). */
function idempotencyConflict(usage: Usage, entryId: string | null, index?: number): AppError {
  return new AppError(
    ErrorCode.IDEMPOTENCY_CONFLICT,
    `${index === undefined ? "" : `inputs[${index}]: `}Idempotency key "${usage.idempotencyKey}" was already used for a different usage.`,
    {
      idempotencyKey: usage.idempotencyKey,
      ...(entryId ? { entryId } : {}),
      ...(index === undefined ? {} : { index }),
    },
  );
}

const keyOf = (tenantId: string, key: string) => `${tenantId}\u0000${key}`;

/** How one usage of the batch is answered. */
type Plan =
  | { kind: "replay"; result: RecordUsageResultModel }
  | { kind: "new"; item: NewUsage }
  | { kind: "same-as"; item: NewUsage };

interface NewUsage {
  p: PendingUsage;
  id: string;
  /** keyOf(tenant, idempotency key), "" without a key: the insert's sort order. */
  key: string;
  occurredAt: Date;
  tokens: bigint;
  /** Each budget of the tenant, its window, and that window's key in the counter maps. */
  budgets: { budget: Budget; ref: BudgetWindowRef; counter: string }[];
  /** Filled in by the running totals. */
  allowed?: boolean;
  statuses?: BudgetStatusModel[];
  /** Filled in by the insert: the metadata as stored. */
  storedMetadata?: Prisma.JsonValue | null;
  /** Built on first use (most callers never select it). */
  entry?: LedgerEntry;
}

/**
 * Records the groups in one transaction and answers each group. A group fails alone on an idempotency conflict;
 * any other failure fails the transaction, and then each group is retried in a transaction of its own, so one
 * caller's poison input never fails the others.
 */
export async function commitGroups(db: Database, groups: PendingUsage[][]): Promise<GroupOutcome[]> {
  try {
    return await commitOnce(db, groups);
  } catch (e) {
    if (groups.length === 1) return [{ ok: false, error: e }];
    const outcomes: GroupOutcome[] = [];
    for (const g of groups) {
      try {
        outcomes.push(...(await commitOnce(db, [g])));
      } catch (err) {
        outcomes.push({ ok: false, error: err });
      }
    }
    return outcomes;
  }
}

async function commitOnce(db: Database, groups: PendingUsage[][]): Promise<GroupOutcome[]> {
  const tenantIds = [...new Set(groups.flatMap((g) => g.map((p) => p.tenant.id)))];
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTenantLocksSql(db, tenantIds, "shared", (tx) =>
        recordInTransaction(tx, tenantIds, groups),
      );
    } catch (e) {
      if (e instanceof IdempotencyKeyTakenConcurrently && attempt < MAX_KEY_RACE_RETRIES) continue;
      throw e;
    }
  }
}

async function recordInTransaction(
  tx: SqlTransaction,
  tenantIds: string[],
  groups: PendingUsage[][],
): Promise<GroupOutcome[]> {
  // Under the tenants' locks: no budget appears or changes until we commit.
  const { committed, tenants: byId, now } = await readBatchState(tx, tenantIds, groups.flat());

  // Plan every usage, group by group: replays of committed keys, duplicates within the batch, or new rows.
  const claimed = new Map<string, NewUsage>();
  const plans: (Plan[] | AppError)[] = groups.map((group) => {
    const plans: Plan[] = [];
    const claimedHere = new Map<string, NewUsage>();
    for (const [index, p] of group.entries()) {
      const at = group.length > 1 ? index : undefined;
      const k = p.usage.idempotencyKey === null ? null : keyOf(p.tenant.id, p.usage.idempotencyKey);
      const earlier = k === null ? undefined : committed.get(k);
      if (earlier) {
        if (earlier.requestHash !== p.usage.requestHash) return idempotencyConflict(p.usage, earlier.id, at);
        plans.push({ kind: "replay", result: replay(earlier, p.usage) });
        continue;
      }
      const pending = k === null ? undefined : (claimedHere.get(k) ?? claimed.get(k));
      if (pending) {
        if (pending.p.usage.requestHash !== p.usage.requestHash)
          return idempotencyConflict(p.usage, null, at);
        plans.push({ kind: "same-as", item: pending });
        continue;
      }
      const tenant = byId.get(p.tenant.id);
      if (!tenant)
        return new AppError(ErrorCode.NOT_FOUND, `No tenant "${p.tenant.slug}".`, { tenant: p.tenant.slug });
      const occurredAt = p.usage.occurredAt ?? p.receivedAt;
      const item: NewUsage = {
        p,
        id: uuidv7(p.receivedAt),
        key: k ?? "",
        occurredAt,
        tokens: BigInt(totalTokens(p.usage)),
        budgets: tenant.budgets.map((budget) => {
          const ref = windowRef(tenant, budget, occurredAt);
          return { budget, ref, counter: counterKeyOf(p.tenant.id, ref) };
        }),
      };
      if (k !== null) claimedHere.set(k, item);
      plans.push({ kind: "new", item });
    }
    for (const [k, item] of claimedHere) claimed.set(k, item);
    return plans;
  });
  const items = plans.flatMap((g) =>
    g instanceof AppError ? [] : g.flatMap((pl) => (pl.kind === "new" ? [pl.item] : [])),
  );

  // Counters: what the batch adds to each window, applied in one statement; their totals from before the batch.
  const deltas = new Map<string, { tenantId: string; delta: CounterDelta }>();
  for (const item of items) {
    const { costUsd } = item.p.price;
    for (const { ref, counter } of item.budgets) {
      const d = deltas.get(counter);
      if (d) d.delta = deltaPlus(d.delta, costUsd, item.tokens);
      else
        deltas.set(counter, {
          tenantId: item.p.tenant.id,
          delta: deltaPlus(emptyDelta(ref), costUsd, item.tokens),
        });
    }
  }
  const running = new Map<string, WindowTotals>(await applyCounterDeltas(tx, [...deltas.values()]));

  // Running totals in batch order: each usage is decided on the totals including itself and all before it.
  for (const item of items) {
    const { costUsd } = item.p.price;
    const statuses: BudgetStatusModel[] = [];
    for (const { budget, ref, counter } of item.budgets) {
      const totals = totalsPlus(running.get(counter)!, costUsd, item.tokens);
      running.set(counter, totals);
      // Disabled budgets keep counting (so their counters stay equal to the ledger) but neither decide nor show.
      if (budget.enabled) statuses.push(budgetStatus(budget, ref, totals));
    }
    item.statuses = statuses;
    item.allowed = allowedBy(statuses);
  }

  await insertLedgerRows(tx, items);

  return plans.map((g): GroupOutcome => {
    if (g instanceof AppError) return { ok: false, error: g };
    return {
      ok: true,
      results: g.map((pl) => {
        if (pl.kind === "replay") return pl.result;
        const { item } = pl;
        return {
          recorded: true,
          allowed: item.allowed!,
          duplicate: pl.kind === "same-as",
          get entry() {
            return (item.entry ??= newEntry(item, now));
          },
          budgets: item.statuses!,
        };
      }),
    };
  });
}

interface BudgetRow {
  tenant_id: string;
  timezone: string;
  id: string | null;
  name: string;
  period: Budget["period"];
  limit_cost_usd: string | null;
  limit_tokens: string | null;
  enforcement: Budget["enforcement"];
  enabled: boolean;
  starts_at: Date | string | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

/**
 * In one round trip: each tenant's current timezone and budgets (oldest first, as the console lists them), and the ledger entries already
 * holding any of the batch's idempotency keys (by tenant and key), and the transaction's now(). Rows travel as JSON,
 * every number as text.
 *
 * Budgets and ledger rows are read per tenant and per key through their indexes whatever the statistics say:
 * the statement is prepared once per connection, and its plan made while the tables were small (a hash join over
 * a sequential scan of the whole ledger, seen with auto_explain on a fresh database) was kept as the ledger grew,
 * so every batch cost more than the one before. OFFSET 0 and LIMIT 1 keep the planner from flattening the
 * per-row subqueries back into such a join.
 */
async function readBatchState(tx: SqlQuery, tenantIds: string[], usages: PendingUsage[]) {
  const keyed = usages.filter((p) => p.usage.idempotencyKey !== null);
  // Array parameters keep the statement text constant, so PostgreSQL plans it once per connection (raw-sql.ts).
  const [row] = await tx.$queryRawUnsafe<
    { now: Date | string; budgets: BudgetRow[]; committed: EntryRow[] }[]
  >(
    `SELECT now() AS now,
       (SELECT coalesce(json_agg(r ORDER BY r.tenant_id, r.created_at, r.id), '[]'::json) FROM (
          SELECT t.id::text AS tenant_id, t.timezone, b.id::text AS id, b.name, b.period::text AS period,
            b.limit_cost_usd::text AS limit_cost_usd, b.limit_tokens::text AS limit_tokens,
            b.enforcement::text AS enforcement, b.enabled, b.starts_at, b.version, b.created_at, b.updated_at
          FROM tenants t LEFT JOIN LATERAL (SELECT * FROM budgets b WHERE b.tenant_id = t.id OFFSET 0) b ON true
          WHERE t.id = ANY($1::uuid[])) r) AS budgets,
       (SELECT coalesce(json_agg(e), '[]'::json)
          FROM unnest($2::uuid[], $3::text[]) AS k(tenant_id, idempotency_key)
          CROSS JOIN LATERAL (SELECT ${ENTRY_COLUMNS} FROM ledger_entries l
            WHERE l.tenant_id = k.tenant_id AND l.idempotency_key = k.idempotency_key LIMIT 1) e) AS committed`,
    tenantIds,
    keyed.map((p) => p.tenant.id),
    keyed.map((p) => p.usage.idempotencyKey!),
  );
  const tenants = new Map<string, { timezone: string; budgets: Budget[] }>();
  for (const r of row!.budgets) {
    let t = tenants.get(r.tenant_id);
    if (!t) tenants.set(r.tenant_id, (t = { timezone: r.timezone, budgets: [] }));
    if (r.id === null) continue;
    t.budgets.push({
      tenantId: r.tenant_id,
      id: r.id,
      name: r.name,
      period: r.period,
      limitCostUsd: r.limit_cost_usd === null ? null : new Prisma.Decimal(r.limit_cost_usd),
      limitTokens: r.limit_tokens === null ? null : BigInt(r.limit_tokens),
      enforcement: r.enforcement,
      enabled: r.enabled,
      startsAt: r.starts_at === null ? null : new Date(r.starts_at),
      version: Number(r.version),
      createdAt: new Date(r.created_at),
      updatedAt: new Date(r.updated_at),
    });
  }
  const committed = new Map<string, LedgerEntry>();
  for (const r of row!.committed) committed.set(keyOf(r.tenant_id, r.idempotency_key!), toEntry(r));
  // The transaction's start time: what every row inserted by it gets as recorded_at (its column default).
  return { tenants, committed, now: new Date(row!.now) };
}

/** The ledger's columns in the order insertLedgerRows writes them. */
const LEDGER_COPY_TARGET = `ledger_entries (tenant_id, id, idempotency_key, request_hash, model, provider,
  input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
  cost_usd, cost_source, price_version, occurred_at, allowed, api_key_id, metadata, decision)`;

/**
 * All new rows in one COPY, in (tenant, key) order so concurrent batches meet conflicting keys in the same order.
 * A key another transaction committed after our check fails the COPY (a unique violation; COPY has no ON
 * CONFLICT): the batch is rolled back and rerun, and then answers that usage as a replay.
 *
 * The rows are most of what a batch sends, and both sides pay for every byte: COPY's text format is the leanest
 * form, and PostgreSQL reads it with far less work than an INSERT of the same rows from a JSON parameter (which
 * parses the JSON, sorts every object's keys, then converts each field). Only the metadata is read back, for the
 * rows that have some: jsonb normalises it (key order), and the answered entry shows it as stored.
 */
async function insertLedgerRows(tx: SqlTransaction, items: NewUsage[]): Promise<void> {
  if (items.length === 0) return;
  const sorted = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let rows = "";
  for (const { p, id, occurredAt, allowed, statuses } of sorted) {
    const u = p.usage;
    rows +=
      `${p.tenant.id}\t${id}\t${copyText(u.idempotencyKey)}\t${u.requestHash}\t${copyText(u.model)}\t` +
      `${copyText(u.provider)}\t${u.inputTokens}\t${u.outputTokens}\t${u.cacheReadTokens}\t${u.cacheWriteTokens}\t` +
      `${u.reasoningTokens}\t${copyText(p.price.costUsd?.toFixed() ?? null)}\t${p.price.source}\t` +
      `${copyText(p.price.priceVersion)}\t${occurredAt.toISOString()}\t${allowed ? "t" : "f"}\t` +
      `${copyText(p.apiKeyId)}\t${copyText(u.metadata === null ? null : JSON.stringify(u.metadata))}\t` +
      `${copyText(JSON.stringify(statuses))}\n`;
  }
  try {
    await tx.copyIn(LEDGER_COPY_TARGET, rows);
  } catch (e) {
    if (sqlState(e) === UNIQUE_VIOLATION) throw new IdempotencyKeyTakenConcurrently();
    throw e;
  }
  const withMetadata = items.filter((i) => i.p.usage.metadata !== null);
  if (withMetadata.length === 0) return;
  const stored = await tx.$queryRawUnsafe<{ id: string; metadata: Prisma.JsonValue }[]>(
    `SELECT l.id::text AS id, l.metadata FROM unnest($1::uuid[], $2::uuid[]) AS k(tenant_id, id)
     CROSS JOIN LATERAL (SELECT id, metadata FROM ledger_entries e
       WHERE e.tenant_id = k.tenant_id AND e.id = k.id LIMIT 1) l`,
    withMetadata.map((i) => i.p.tenant.id),
    withMetadata.map((i) => i.id),
  );
  const byId = new Map(withMetadata.map((i) => [i.id, i]));
  for (const r of stored) byId.get(r.id)!.storedMetadata = r.metadata;
}

const UNIQUE_VIOLATION = "23505";

/** The ledger entry as inserted: the same values a read of the row returns. */
function newEntry(item: NewUsage, recordedAt: Date): LedgerEntry {
  const { p } = item;
  const u = p.usage;
  return {
    tenantId: p.tenant.id,
    id: item.id,
    idempotencyKey: u.idempotencyKey,
    requestHash: u.requestHash,
    model: u.model,
    provider: u.provider,
    inputTokens: BigInt(u.inputTokens),
    outputTokens: BigInt(u.outputTokens),
    cacheReadTokens: BigInt(u.cacheReadTokens),
    cacheWriteTokens: BigInt(u.cacheWriteTokens),
    reasoningTokens: BigInt(u.reasoningTokens),
    costUsd: p.price.costUsd === null ? null : new Prisma.Decimal(p.price.costUsd.toFixed()),
    costSource: p.price.source,
    priceVersion: p.price.priceVersion,
    occurredAt: item.occurredAt,
    recordedAt,
    allowed: item.allowed!,
    apiKeyId: p.apiKeyId,
    metadata: item.storedMetadata ?? null,
    decision: item.statuses! as unknown as Prisma.JsonValue,
  };
}
