// `pnpm --filter @spendline/reliability check <postgresql-url>`: the ledger checks of `pnpm load` against any
// PostgreSQL database (read-only): counters == SUM(ledger), and the decision snapshots form exact running totals.
import { fail, sql } from "./harness.ts";
import { checkLedger } from "./verify.ts";

const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url) fail("usage: check <postgresql-url> (or DATABASE_URL)");
const c = await sql(url);
try {
  const report = await checkLedger(async (text, params) => (await c.query(text, params as unknown[])).rows);
  console.log(JSON.stringify({ ...report, chainProblems: report.chainProblems.length }, null, 2));
  if (report.counterMismatches > 0 || report.chainProblems.length > 0) fail("the ledger does not add up");
  console.log("OK");
} finally {
  await c.end();
}
