// The admin's day: sign in, create a tenant and a $0.10 daily HARD cap, see usage cross it (the drift chart's
// over-cap area and the blocked-call marker), edit the cap, and find the change in the audit log.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { RECORD, api, env, signIn, unique } from "./fixtures.ts";

test("admin sets a HARD cap, watches usage cross it, edits it, finds the edit in the audit log", async ({
  page,
}) => {
  await signIn(page, env.adminEmail, env.adminPassword);

  // Create the tenant through the console.
  const slug = unique("acme");
  await page.getByLabel("Slug").fill(slug);
  await page.getByLabel("Name", { exact: true }).fill("Acme E2E");
  await page.getByLabel("Timezone (IANA)").fill("Europe/Amsterdam");
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByRole("heading", { name: "Acme E2E", level: 1 })).toBeVisible();
  await expect(page.getByText("windows and times in Europe/Amsterdam")).toBeVisible();
  await expect(page.getByText("No budgets: every usage is allowed.")).toBeVisible();

  // A validated form: a malformed decimal is refused next to its field, and what was typed stays.
  await page.getByLabel("Name", { exact: true }).fill("Daily cap");
  await page.getByLabel("Limit (USD)").fill("0.1.0");
  await page.getByRole("button", { name: "Create budget" }).click();
  await expect(page.getByText("A USD amount such as 0.10")).toBeVisible();
  await expect(page.getByLabel("Limit (USD)")).toHaveValue("0.1.0");

  await page.getByLabel("Limit (USD)").fill("0.10");
  await page.getByLabel("Period").selectOption("DAY");
  await page.getByLabel("Enforcement").selectOption("HARD");
  await page.getByRole("button", { name: "Create budget" }).click();
  await expect(page.getByText("Budget saved.")).toBeVisible();
  const row = page.getByTestId("budget-row-Daily cap");
  await expect(row).toContainText("$0.10");
  await expect(row).toContainText("HARD");

  // A service key, shown once.
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { name: "API keys", level: 2 })).toBeVisible();
  await page.getByLabel("Name").fill("e2e service");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-key-value").textContent())!.trim();
  expect(key).toMatch(/^sl_/);
  await expect(page.getByRole("button", { name: "Copy key" })).toBeVisible();
  await expect(page.getByTestId("keys-table")).toContainText("e2e service");

  // Usage through the API with the service key until the cap is exceeded: always recorded, allowed flips.
  const answers = [];
  for (const [i, costUsd] of ["0.066", "0.114471", "0.0125"].entries()) {
    const r = await api(
      RECORD,
      {
        i: {
          tenant: slug,
          model: "gpt-4o",
          inputTokens: 1000,
          outputTokens: 100,
          costUsd,
          idempotencyKey: `e2e-${i}`,
        },
      },
      key,
    );
    expect(r.errors).toBeUndefined();
    answers.push(r.data.recordUsage);
  }
  expect(answers).toEqual([
    { recorded: true, allowed: true },
    { recorded: true, allowed: false },
    { recorded: true, allowed: false },
  ]);

  // The overview shows the HARD badge, % of cap and the over-cap amount.
  await page.goto(`/?q=${slug}`);
  const tenantRow = page.getByTestId(`tenant-row-${slug}`);
  await expect(tenantRow).toContainText("HARD cap exceeded");
  await expect(tenantRow).toContainText("$0.192971");
  await expect(tenantRow).toContainText("192.97%");
  await expect(tenantRow).toContainText("$0.092971");
  if (env.screenshots)
    await page.screenshot({ path: path.join(env.screenshots, "overview.png"), fullPage: true });

  // The drift chart: the over-cap area is drawn and the blocked calls are marked.
  await tenantRow.getByRole("link", { name: "Acme E2E" }).click();
  const drift = page.getByTestId("drift-chart");
  await expect(drift).toContainText(
    "$0.192971 against a $0.10 cap; $0.092971 over the cap (shaded); 2 of 3 calls recorded with allowed: false",
  );
  await expect(drift.locator(".drift-over-cap path.recharts-area-area")).toBeVisible();
  await expect(drift.getByTestId("blocked-marker")).toHaveCount(2);
  await expect(drift.getByText("Time (Europe/Amsterdam)")).toBeVisible();
  await expect(page.getByTestId("history-chart")).toContainText("1 window(s) over the cap");
  await expect(page.getByTestId("ledger-table").getByText("no", { exact: true })).toHaveCount(2);
  if (env.screenshots)
    await page.screenshot({ path: path.join(env.screenshots, "tenant-detail.png"), fullPage: true });

  // The ledger filter: only the calls recorded over the cap.
  await page.getByRole("combobox", { name: "Allowed", exact: true }).selectOption("no");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("ledger-table").locator("tbody tr")).toHaveCount(2);

  // Edit the cap to $0.25.
  await page.getByTestId("budget-row-Daily cap").getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("group", { name: "Edit budget “Daily cap”" })).toBeVisible();
  await page.getByLabel("Limit (USD)").fill("0.25");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Budget saved.")).toBeVisible();
  await expect(page.getByTestId("budget-row-Daily cap")).toContainText("$0.25");
  await expect(page.getByTestId("budget-row-Daily cap")).toContainText("within");

  // Disable it, then enable it again: the other fields stay as they were.
  await page.getByTestId("budget-row-Daily cap").getByRole("button", { name: "Disable" }).click();
  await expect(page.getByTestId("budget-row-Daily cap")).toContainText("disabled");
  await page.getByTestId("budget-row-Daily cap").getByRole("button", { name: "Enable" }).click();
  await expect(page.getByTestId("budget-row-Daily cap")).toContainText("within");
  await expect(page.getByTestId("budget-row-Daily cap")).toContainText("$0.25");

  // ...and find the edit, with its actor, before and after, in the audit log.
  await page.getByRole("link", { name: "Audit log" }).first().click();
  const audit = page.getByTestId("audit-table");
  const edit = audit.locator("tr", { hasText: "budget.update" });
  await expect(edit.filter({ hasText: "limitCostUsd: 0.1 → 0.25" })).toHaveCount(1);
  await expect(
    edit.filter({ hasText: `user:${env.adminEmail}` }).filter({ hasText: "limitCostUsd: 0.1 → 0.25" }),
  ).toHaveCount(1);
  await expect(edit.filter({ hasText: "enabled: true → false" })).toHaveCount(1);
  await expect(edit.filter({ hasText: "enabled: false → true" })).toHaveCount(1);
});
