import { expect, test } from "@playwright/test";
import { api, makeUser, signIn, unique } from "./fixtures.ts";

// The Export page's download goes console -> API (GET /exports/ledger.csv) with the finance user's session, and
// what arrives is the ledger itself: every row, the exact decimals as recorded, the formula-looking name neutralised.
test("finance downloads the ledger CSV through the console, exact to the ledger", async ({ page }) => {
  const slug = unique("exp");
  const created = await api(`mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`, {
    i: { slug, name: "=SUM(A1:A9)" },
  });
  expect(created.errors).toBeUndefined();
  const costs = ["0.066", "0.114471", "0.000000000000000001"];
  for (const [i, costUsd] of costs.entries()) {
    const r = await api(`mutation($i: RecordUsageInput!) { recordUsage(input: $i) { recorded } }`, {
      i: { tenant: slug, model: "gpt-4o", inputTokens: 100, outputTokens: 10, costUsd, idempotencyKey: `e2e-${i}` },
    });
    expect(r.data?.recordUsage.recorded).toBe(true);
  }

  const finance = await makeUser("FINANCE");
  await signIn(page, finance.email, finance.password);
  await page.getByRole("link", { name: "Export" }).click();
  await page.getByRole("button", { name: "Last 7 days" }).click();
  const link = page.getByRole("link", { name: "or open the file link directly" });
  const href = await link.getAttribute("href");
  expect(href).toMatch(/\/exports\/ledger\.csv\?from=/);
  const url = new URL(href!, page.url());
  url.searchParams.set("tenant", slug);
  const res = await page.request.get(url.toString());
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toContain(slug);
  const lines = (await res.text()).trim().split(/\r?\n/);
  expect(lines).toHaveLength(1 + costs.length);
  const header = lines[0]!.split(",");
  const costColumn = header.indexOf("cost_usd");
  expect(costColumn).toBeGreaterThan(-1);
  const exported = lines.slice(1).map((l) => l.split(",")[costColumn]).sort();
  expect(exported).toEqual([...costs].sort());
  expect(lines[1]).toContain("'=SUM(A1:A9)");
});
