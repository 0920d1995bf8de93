// Roles are enforced by the API: the console hides what a role cannot do, and a forged request with the same
// session is refused anyway.
import { expect, test } from "@playwright/test";
import { api, makeUser, seededTenant, sessionOf, signIn } from "./fixtures.ts";

const FORGED_SET_BUDGET = `mutation($i: SetBudgetInput!) { setBudget(input: $i) { id limitCostUsd } }`;

for (const role of ["VIEWER", "FINANCE"] as const) {
  test(`${role.toLowerCase()} reads the tenant but cannot change a budget, in the UI or by a forged request`, async ({
    page,
  }) => {
    const tenant = await seededTenant();
    const user = await makeUser(role);
    await signIn(page, user.email, user.password);
    await expect(page.getByTestId("who")).toContainText(role.toLowerCase());

    await page.goto(`/tenants/${tenant.slug}`);
    await expect(page.getByTestId("budget-row-Daily cap")).toContainText("$0.10");
    await expect(page.getByTestId("drift-chart")).toBeVisible();
    // No way to change anything is offered.
    await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Disable|Create budget|Save changes/ })).toHaveCount(0);
    await page.goto(`/tenants/${tenant.slug}?edit=${tenant.budgetId}`);
    await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
    await page.goto(`/tenants/${tenant.slug}/keys`);
    await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Export" })).toHaveCount(role === "FINANCE" ? 1 : 0);

    // The same session, used directly against the API, is refused.
    const token = await sessionOf(page);
    const forged = await api(
      FORGED_SET_BUDGET,
      {
        i: {
          id: tenant.budgetId,
          tenant: tenant.slug,
          name: "Daily cap",
          period: "DAY",
          limitCostUsd: "1000000",
        },
      },
      token,
    );
    expect(forged.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const after = await api(`query($t: String!) { tenant(slug: $t) { budgets { limitCostUsd version } } }`, {
      t: tenant.slug,
    });
    expect(after.data.tenant.budgets).toEqual([{ limitCostUsd: "0.1", version: 1 }]);
  });
}

test("finance reaches the export page; a viewer does not", async ({ page }) => {
  const finance = await makeUser("FINANCE");
  await signIn(page, finance.email, finance.password);
  await page.getByRole("link", { name: "Export" }).click();
  await expect(page.getByRole("heading", { name: "Export", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Last 7 days" }).click();
  await expect(page.getByRole("link", { name: "or open the file link directly" })).toHaveAttribute(
    "href",
    /\/exports\/ledger\.csv\?from=/,
  );

  await page.context().clearCookies();
  const viewer = await makeUser("VIEWER");
  await signIn(page, viewer.email, viewer.password);
  await page.goto("/export");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  // The export route handler forwards the session; without one it refuses.
  await page.context().clearCookies();
  const res = await page.request.get("/exports/ledger.csv");
  expect(res.status()).toBe(401);
});
