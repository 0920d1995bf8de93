// What the replay prints on stdout: the prices and caps it uses before sending, the per-tenant figures and the
// audit after. Every money figure is an exact decimal string.
import type { CapSpec } from "./caps.ts";
import type { TenantPlan } from "./plan.ts";
import { MODEL_PRICES } from "./prices.ts";
import type { TraceFile } from "./read-trace.ts";
import type { ReplayResult } from "./replay.ts";
import { table } from "./table.ts";

type Out = (line: string) => void;
const MAX_LISTED = 20;

export function printPlan(
  out: Out,
  p: { files: TraceFile[]; plans: TenantPlan[]; caps: CapSpec[]; url: string; limit: number | undefined },
) {
  out(`Spendline trace replay -> ${p.url}`);
  for (const f of p.files) {
    out(
      `  ${f.path}: ${f.rows.length} valid rows, ${f.badRows.length} bad${p.limit !== undefined ? ` (--limit ${p.limit})` : ""}`,
    );
  }
  out("");
  out(
    "Model list prices used to cost each row (USD per 1M tokens; each row's model is picked by a hash of its key):",
  );
  out(
    table(
      ["model", "provider", "input", "output"],
      MODEL_PRICES.map((m) => [m.model, m.provider, m.inputPerMTok, m.outputPerMTok]),
      new Set([2, 3]),
    ),
  );
  out("");
  out("Tenants (rows are spread by a hash of their key) and what this run sends them:");
  out(
    table(
      ["tenant", "timezone", "rows", "spend USD", "tokens"],
      p.plans.map((t) => [
        t.tenant.slug,
        t.tenant.timezone,
        String(t.rows),
        t.costUsd.toFixed(),
        (t.inputTokens + t.outputTokens).toString(),
      ]),
      new Set([2, 3, 4]),
    ),
  );
  out("");
  if (p.caps.length === 0) {
    out("Caps: not touched (--caps none).");
  } else {
    out("Caps (generated from this input so that some are crossed):");
    out(
      table(
        ["tenant", "cap", "period", "enforcement", "limit"],
        p.caps.map((c) => [
          c.tenant,
          c.name,
          c.period,
          c.enforcement,
          limitText(c.limitCostUsd, c.limitTokens),
        ]),
      ),
    );
  }
  out("");
  out("Rows are sent without occurredAt, so every window is the one current when a row is first recorded.");
  out("");
}

export function printFinalReport(out: Out, r: ReplayResult) {
  out("");
  out(
    `Sent ${r.totals.sent} rows in ${r.seconds.toFixed(1)} s (${r.rowsPerSecond.toFixed(0)} rows/s): ` +
      `${r.totals.newRows} new, ${r.totals.duplicates} duplicate, ${r.failures.length} not recorded, ` +
      `${r.totals.blocked} answered allowed: false, ${r.retriedRequests} request(s) retried.`,
  );
  const changed = r.caps.filter((c) => c.action !== "unchanged");
  if (changed.length > 0)
    out(`Caps ${changed.map((c) => `${c.action}: ${c.cap.tenant} "${c.cap.name}"`).join("; ")}.`);
  out("");
  out(
    table(
      [
        "tenant",
        "timezone",
        "sent",
        "new",
        "dup",
        "allowed:false",
        "spend sent USD",
        "ledger entries",
        "ledger spend USD",
        "blocked spend USD",
        "ledger = sent",
      ],
      r.tenants.map((t) => [
        t.plan.tenant.slug,
        t.setup.timezone,
        String(t.tally.sent),
        String(t.tally.newRows),
        String(t.tally.duplicates),
        String(t.tally.blocked),
        t.plan.costUsd.toFixed(),
        t.audit.ledger.entries,
        t.audit.ledger.costUsd,
        t.audit.ledger.blockedCostUsd,
        t.audit.ledgerMatchesSent ? "yes" : "MISMATCH",
      ]),
      new Set([2, 3, 4, 5, 6, 7, 8, 9]),
    ),
  );
  out("");
  out(
    "Caps in their current window (over cap = used - limit when positive; counter = SUM(ledger) over the window):",
  );
  out(
    table(
      [
        "tenant",
        "cap",
        "period",
        "enf",
        "window start",
        "limit",
        "used USD",
        "used tokens",
        "over cap",
        "exceeded",
        "counter = ledger",
      ],
      r.tenants.flatMap((t) =>
        t.audit.budgets.map((b) => [
          t.plan.tenant.slug,
          b.name,
          b.period,
          b.enforcement,
          b.windowStart,
          limitText(b.limitCostUsd, b.limitTokens),
          b.usedCostUsd,
          b.usedTokens,
          [
            b.overCapUsd ? `$${b.overCapUsd.toFixed()}` : "",
            b.overCapTokens ? `${b.overCapTokens} tokens` : "",
          ]
            .filter(Boolean)
            .join(" + ") || "-",
          b.exceeded ? "yes" : "no",
          b.counterMatchesLedger ? "yes" : "MISMATCH",
        ]),
      ),
      new Set([6, 7]),
    ),
  );
  out("");
  out(
    `Total: ${r.rows} rows, spend sent $${r.totals.costUsd.toFixed()}, ledger $${r.totals.ledgerCostUsd.toFixed()} ` +
      `in ${r.totals.ledgerEntries} entries.`,
  );
  for (const b of r.badRows.slice(0, MAX_LISTED)) out(`bad row ${b.fileName}:${b.line}: ${b.reason}`);
  if (r.badRows.length > MAX_LISTED) out(`... and ${r.badRows.length - MAX_LISTED} more bad rows`);
  for (const f of r.failures.slice(0, MAX_LISTED))
    out(`not recorded ${f.idempotencyKey} (${f.tenant}): ${f.code} ${f.message}`);
  if (r.failures.length > MAX_LISTED) out(`... and ${r.failures.length - MAX_LISTED} more rows not recorded`);
  if (r.ok) {
    out("CHECK OK: the ledger adds up exactly to what was sent, and every cap's counter equals the ledger.");
  } else {
    out(`CHECK FAILED (${r.problems.length} problem(s)):`);
    for (const p of r.problems) out(`  - ${p}`);
  }
}

function limitText(usd: string | null, tokens: string | null): string {
  return [usd !== null ? `$${usd}` : "", tokens !== null ? `${tokens} tokens` : ""]
    .filter(Boolean)
    .join(" + ");
}
