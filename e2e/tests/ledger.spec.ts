// The ledger table: cursor paging, filters, and unpriced usage flagged (never shown as $0).
import { expect, test } from "@playwright/test";
import { RECORD, api, makeUser, seededTenant, signIn } from "./fixtures.ts";

test("the ledger pages by cursor, filters by model, and flags unpriced usage", async ({ page }) => {
  const tenant = await seededTenant();
  const key = await api(`mutation($t: String!) { createApiKey(tenant: $t, name: "ledger") { key } }`, {
    t: tenant.slug,
  });
  const serviceKey = key.data.createApiKey.key as string;
  for (let i = 0; i < 27; i++) {
    const r = await api(
      RECORD,
      {
        i: {
          tenant: tenant.slug,
          model: i % 3 ? "gpt-4o" : "claude-opus-4",
          inputTokens: 10,
          outputTokens: 1,
          costUsd: "0.001",
          idempotencyKey: `l-${i}`,
        },
      },
      serviceKey,
    );
    expect(r.errors).toBeUndefined();
  }
  const unpriced = await api(
    RECORD,
    {
      i: {
        tenant: tenant.slug,
        model: "in-house-llm",
        inputTokens: 10,
        outputTokens: 1,
        idempotencyKey: "l-unpriced",
      },
    },
    serviceKey,
  );
  expect(unpriced.errors).toBeUndefined();

  const viewer = await makeUser("VIEWER");
  await signIn(page, viewer.email, viewer.password);
  await page.goto(`/tenants/${tenant.slug}`);
  await expect(page.getByTestId("unpriced-warning")).toContainText(
    "1 usage record(s) today have no known cost",
  );
  const rows = page.getByTestId("ledger-table").locator("tbody tr");
  await expect(rows).toHaveCount(25);
  // Newest first: the unpriced entry leads, flagged instead of costed.
  await expect(rows.first()).toContainText("in-house-llm");
  await expect(rows.first()).toContainText("unpriced");
  await expect(rows.first()).not.toContainText("$0");

  await page.getByRole("link", { name: "Next page →" }).click();
  await expect(rows).toHaveCount(3);
  await expect(page.getByRole("link", { name: "Next page →" })).toHaveCount(0);
  await page.getByRole("link", { name: "First page" }).click();
  await expect(rows).toHaveCount(25);

  await page.getByRole("combobox", { name: "Model" }).selectOption("claude-opus-4");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(rows).toHaveCount(9);
  await expect(page.getByTestId("ledger-table")).not.toContainText("gpt-4o");
});
