// The ledger's promises, checked with straight SQL over a whole database (every tenant):
//  - every counter equals SUM(ledger) over its window (cost, tokens, entries);
//  - per budget window, the decision snapshots stored with the ledger rows form the exact chain of running totals
//    in commit order (the counter row lock orders them: entry n saw totals after n usages), and each row's
//    `allowed` is exactly "no HARD budget's running total is above its limit".
import { Decimal } from "@spendline/domain";

export type Query = (text: string, params?: unknown[]) => Promise<Record<string, any>[]>;

export interface LedgerReport {
  rows: number;
  costUsd: string;
  counters: number;
  counterMismatches: number;
  windowsChecked: number;
  chainProblems: string[];
  allowedRows: number;
  blockedRows: number;
}

interface Snapshot {
  budgetId: string;
  windowStart: string;
  usedCostUsd: string;
  usedTokens: string;
  entries: string;
  limitCostUsd: string | null;
  limitTokens: string | null;
  enforcement: "HARD" | "SOFT";
  exceeded: boolean;
}

export async function counterMismatches(q: Query): Promise<Record<string, any>[]> {
  return q(
    `SELECT c.tenant_id::text, c.budget_id::text, c.window_start, c.used_cost_usd::text AS counter_cost, s.cost::text AS ledger_cost,
            c.used_tokens::text AS counter_tokens, s.tokens::text AS ledger_tokens, c.entries::text AS counter_entries, s.n::text AS ledger_entries
     FROM budget_counters c
     CROSS JOIN LATERAL (
       SELECT COALESCE(SUM(l.cost_usd), 0) AS cost, COALESCE(SUM(l.input_tokens + l.output_tokens), 0) AS tokens, COUNT(*) AS n
       FROM ledger_entries l
       WHERE l.tenant_id = c.tenant_id AND l.occurred_at >= c.window_start
         AND (c.window_end IS NULL OR l.occurred_at < c.window_end)) s
     WHERE c.used_cost_usd <> s.cost OR c.used_tokens <> s.tokens OR c.entries <> s.n`,
  );
}

export async function checkLedger(q: Query): Promise<LedgerReport> {
  const [totals] = await q(`SELECT COUNT(*)::text AS n, COALESCE(SUM(cost_usd), 0)::text AS cost,
      COUNT(*) FILTER (WHERE allowed)::text AS allowed FROM ledger_entries`);
  const [counters] = await q(`SELECT COUNT(*)::text AS n FROM budget_counters`);
  const mismatches = await counterMismatches(q);
  for (const m of mismatches.slice(0, 5)) console.error("counter != ledger:", JSON.stringify(m));

  const rows = await q(`SELECT tenant_id::text, id::text, COALESCE(cost_usd, 0)::text AS cost,
      (input_tokens + output_tokens)::text AS tokens, allowed, decision::text AS decision FROM ledger_entries`);
  const windows = new Map<string, { entries: number; used: Decimal; tokens: bigint; cost: Decimal; delta: bigint; s: Snapshot }[]>();
  const problems: string[] = [];
  for (const r of rows) {
    const decision = JSON.parse(r.decision as string) as Snapshot[];
    const blocked = decision.some((s) => s.enforcement === "HARD" && s.exceeded);
    if (r.allowed === blocked) problems.push(`row ${r.id}: allowed=${r.allowed} but HARD exceeded=${blocked}`);
    for (const s of decision) {
      const used = new Decimal(s.usedCostUsd);
      const tokens = BigInt(s.usedTokens);
      const exceeded =
        (s.limitCostUsd !== null && used.gt(s.limitCostUsd)) || (s.limitTokens !== null && tokens > BigInt(s.limitTokens));
      if (exceeded !== s.exceeded) problems.push(`row ${r.id} budget ${s.budgetId}: exceeded=${s.exceeded}, totals say ${exceeded}`);
      const key = `${r.tenant_id}|${s.budgetId}|${s.windowStart}`;
      const list = windows.get(key) ?? [];
      list.push({ entries: Number(s.entries), used, tokens, cost: new Decimal(r.cost), delta: BigInt(r.tokens), s });
      windows.set(key, list);
    }
  }
  const counterEntries = new Map<string, number>();
  for (const c of await q(`SELECT tenant_id::text, budget_id::text, window_start, entries::text FROM budget_counters`)) {
    counterEntries.set(`${c.tenant_id}|${c.budget_id}|${new Date(c.window_start).toISOString()}`, Number(c.entries));
  }
  for (const [key, list] of windows) {
    list.sort((a, b) => a.entries - b.entries);
    let used = new Decimal(0);
    let tokens = 0n;
    list.forEach((e, i) => {
      if (e.entries !== i + 1) problems.push(`${key}: snapshot #${i + 1} says entries=${e.entries} (gap or duplicate)`);
      used = used.plus(e.cost);
      tokens += e.delta;
      if (!e.used.eq(used)) problems.push(`${key} #${i + 1}: usedCostUsd ${e.used} != running sum ${used}`);
      if (e.tokens !== tokens) problems.push(`${key} #${i + 1}: usedTokens ${e.tokens} != running sum ${tokens}`);
    });
    const counted = counterEntries.get(key);
    if (counted !== list.length) problems.push(`${key}: counter has ${counted} entries, ${list.length} snapshots`);
  }
  for (const p of problems.slice(0, 10)) console.error("chain:", p);
  return {
    rows: Number(totals!.n),
    costUsd: totals!.cost,
    counters: Number(counters!.n),
    counterMismatches: mismatches.length,
    windowsChecked: windows.size,
    chainProblems: problems,
    allowedRows: Number(totals!.allowed),
    blockedRows: Number(totals!.n) - Number(totals!.allowed),
  };
}
