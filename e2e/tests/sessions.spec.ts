// Signing in and out.
import { expect, test } from "@playwright/test";
import { api, makeUser, sessionOf, signIn } from "./fixtures.ts";

test("signing out ends the session: the console and the API both refuse the old token", async ({ page }) => {
  const user = await makeUser("VIEWER");
  await signIn(page, user.email, user.password);
  const token = await sessionOf(page);
  expect((await api(`{ me { email } }`, {}, token)).data.me.email).toBe(user.email);
  // Client JavaScript cannot read the session.
  expect(await page.evaluate(() => document.cookie)).not.toContain("spendline_session");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  expect((await page.context().cookies()).find((c) => c.name === "spendline_session")).toBeUndefined();
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  const old = await api(`{ me { email } }`, {}, token);
  expect(old.status).toBe(401);
  expect(old.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
});

test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
  const user = await makeUser("VIEWER");
  const messages = [];
  for (const [email, password] of [
    [user.email, "wrong-password-123"],
    [`nobody-${user.email}`, user.password],
  ] as const) {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.locator("#signin-error");
    await expect(alert).toBeVisible();
    messages.push(await alert.textContent());
    await expect(page).toHaveURL(/\/sign-in/);
  }
  expect(messages[0]).toBe("Wrong email or password.");
  expect(messages[1]).toBe(messages[0]);
  expect((await page.context().cookies()).find((c) => c.name === "spendline_session")).toBeUndefined();
});
