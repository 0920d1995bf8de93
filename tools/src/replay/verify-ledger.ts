// The end-of-run audit. The demo tenants belong to the replay alone, so their ledger must equal, exactly, what
// the replay's input holds: as many entries as rows, the Decimal sum of the rows' costs, the same tokens, and
// as many blocked entries as answers with allowed: false. Every budget's current-window counter must equal the
// ledger summed over that window. Any difference is a problem, and the run exits non-zero.
import { Decimal } from "@spendline/domain";
import type { GraphQLClient } from "./api-client.ts";
import type { TenantPlan } from "./plan.ts";

export interface LedgerSummary {
  entries: string;
  costUsd: string;
  inputTokens: string;
  outputTokens: string;
  blockedEntries: string;
  blockedCostUsd: string;
  unpricedEntries: string;
}

export interface BudgetAudit {
  name: string;
  period: string;
  enforcement: string;
  enabled: boolean;
  limitCostUsd: string | null;
  limitTokens: string | null;
  windowStart: string;
  windowEnd: string | null;
  usedCostUsd: string;
  usedTokens: string;
  entries: string;
  exceeded: boolean;
  /** used - limit when positive, else null. */
  overCapUsd: Decimal | null;
  overCapTokens: bigint | null;
  /** The ledger summed over the budget's window. */
  ledgerWindow: LedgerSummary;
  /** The window's counter equals the ledger over the window (cost, tokens and entries). */
  counterMatchesLedger: boolean;
}

/** What the replay saw for one tenant while sending. */
export interface SentTally {
  sent: number;
  newRows: number;
  duplicates: number;
  blocked: number;
  blockedCostUsd: Decimal;
  failed: number;
}

export interface TenantAudit {
  slug: string;
  ledger: LedgerSummary;
  budgets: BudgetAudit[];
  /** The tenant's ledger equals what the input holds for it. */
  ledgerMatchesSent: boolean;
  problems: string[];
}

const SUMMARY_FIELDS =
  "entries costUsd inputTokens outputTokens blockedEntries blockedCostUsd unpricedEntries";
const TENANT_AUDIT = `query($t: String!) { tenant(slug: $t) {
  usageSummary { ${SUMMARY_FIELDS} }
  budgets { name period enforcement enabled limitCostUsd limitTokens
    status { windowStart windowEnd usedCostUsd usedTokens entries exceeded } }
} }`;
const WINDOW_SUMMARY = `query($t: String!, $from: DateTime, $to: DateTime) { tenant(slug: $t) { usageSummary(from: $from, to: $to) { ${SUMMARY_FIELDS} } } }`;

interface TenantAuditResponse {
  tenant: {
    usageSummary: LedgerSummary;
    budgets: {
      name: string;
      period: string;
      enforcement: string;
      enabled: boolean;
      limitCostUsd: string | null;
      limitTokens: string | null;
      status: {
        windowStart: string;
        windowEnd: string | null;
        usedCostUsd: string;
        usedTokens: string;
        entries: string;
        exceeded: boolean;
      };
    }[];
  } | null;
}

export async function auditTenant(
  client: GraphQLClient,
  adminToken: string,
  plan: TenantPlan,
  tally: SentTally,
): Promise<TenantAudit> {
  const slug = plan.tenant.slug;
  const r = await client.request<TenantAuditResponse>(adminToken, TENANT_AUDIT, { t: slug });
  if (!r.tenant) throw new Error(`tenant ${slug} is gone`);
  const ledger = r.tenant.usageSummary;
  const problems: string[] = [];
  const expect = (what: string, actual: string, expected: string, equal: boolean, hint = "") => {
    if (!equal) problems.push(`${slug}: ${what} is ${actual} in the ledger, expected ${expected}${hint}`);
  };
  const extraRowsHint =
    BigInt(ledger.entries) > BigInt(plan.rows)
      ? " (the tenant holds rows this input does not have: an earlier run of other files or a larger --limit? --prefix gives a separate set of tenants)"
      : "";
  expect(
    "entries",
    ledger.entries,
    String(plan.rows),
    BigInt(ledger.entries) === BigInt(plan.rows),
    extraRowsHint,
  );
  expect("costUsd", ledger.costUsd, plan.costUsd.toFixed(), new Decimal(ledger.costUsd).equals(plan.costUsd));
  expect(
    "inputTokens",
    ledger.inputTokens,
    plan.inputTokens.toString(),
    BigInt(ledger.inputTokens) === plan.inputTokens,
  );
  expect(
    "outputTokens",
    ledger.outputTokens,
    plan.outputTokens.toString(),
    BigInt(ledger.outputTokens) === plan.outputTokens,
  );
  expect("unpricedEntries", ledger.unpricedEntries, "0", ledger.unpricedEntries === "0");
  // A duplicate answers the first recording's decision, so over all answers allowed:false counts every blocked
  // entry once, provided every row was answered.
  if (tally.failed === 0) {
    expect(
      "blockedEntries",
      ledger.blockedEntries,
      `${tally.blocked} (answers with allowed: false)`,
      BigInt(ledger.blockedEntries) === BigInt(tally.blocked),
    );
    expect(
      "blockedCostUsd",
      ledger.blockedCostUsd,
      `${tally.blockedCostUsd.toFixed()} (cost of the rows answered allowed: false)`,
      new Decimal(ledger.blockedCostUsd).equals(tally.blockedCostUsd),
    );
  }

  const ledgerMatchesSent = problems.length === 0;
  const budgets: BudgetAudit[] = [];
  for (const b of r.tenant.budgets) {
    const s = b.status;
    const w = await client.request<{ tenant: { usageSummary: LedgerSummary } }>(adminToken, WINDOW_SUMMARY, {
      t: slug,
      from: s.windowStart,
      to: s.windowEnd,
    });
    const win = w.tenant.usageSummary;
    const windowTokens = BigInt(win.inputTokens) + BigInt(win.outputTokens);
    const before = problems.length;
    const label = `${slug} budget "${b.name}" (${b.period} window from ${s.windowStart})`;
    if (!new Decimal(s.usedCostUsd).equals(win.costUsd)) {
      problems.push(
        `${label}: counter usedCostUsd ${s.usedCostUsd} != ledger sum over the window ${win.costUsd}`,
      );
    }
    if (BigInt(s.usedTokens) !== windowTokens) {
      problems.push(
        `${label}: counter usedTokens ${s.usedTokens} != ledger tokens over the window ${windowTokens}`,
      );
    }
    if (BigInt(s.entries) !== BigInt(win.entries)) {
      problems.push(`${label}: counter entries ${s.entries} != ledger entries in the window ${win.entries}`);
    }
    const overUsd = b.limitCostUsd === null ? null : new Decimal(s.usedCostUsd).minus(b.limitCostUsd);
    const overTokens = b.limitTokens === null ? null : BigInt(s.usedTokens) - BigInt(b.limitTokens);
    budgets.push({
      name: b.name,
      period: b.period,
      enforcement: b.enforcement,
      enabled: b.enabled,
      limitCostUsd: b.limitCostUsd,
      limitTokens: b.limitTokens,
      windowStart: s.windowStart,
      windowEnd: s.windowEnd,
      usedCostUsd: s.usedCostUsd,
      usedTokens: s.usedTokens,
      entries: s.entries,
      exceeded: s.exceeded,
      overCapUsd: overUsd !== null && overUsd.greaterThan(0) ? overUsd : null,
      overCapTokens: overTokens !== null && overTokens > 0n ? overTokens : null,
      ledgerWindow: win,
      counterMatchesLedger: problems.length === before,
    });
  }
  return { slug, ledger, budgets, ledgerMatchesSent, problems };
}
