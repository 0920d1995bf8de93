// What the specs share: the running API (for seeding and forged requests) and signing in through the form.
import crypto from "node:crypto";
import { expect, type Page } from "@playwright/test";

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the suite with e2e/run-ci.sh`);
  return v;
}

export const env = {
  apiUrl: required("E2E_API_URL"),
  adminToken: required("E2E_ADMIN_TOKEN"),
  adminEmail: required("E2E_ADMIN_EMAIL"),
  adminPassword: required("E2E_ADMIN_PASSWORD"),
  screenshots: process.env.E2E_SCREENSHOTS_DIR ?? null,
};

export interface GqlAnswer<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A GraphQL call straight to the API (not through the console), as a script or an attacker would. */
export async function api<T = any>(
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = env.adminToken,
): Promise<GqlAnswer<T>> {
  const res = await fetch(`${env.apiUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

export const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${crypto.randomBytes(2).toString("hex")}`;

/** A console user made through the API with the admin token (seeding, not what the spec is about). */
export async function makeUser(role: "ADMIN" | "FINANCE" | "VIEWER") {
  const email = `${unique(role.toLowerCase())}@e2e.example`;
  const password = `pw-${crypto.randomBytes(8).toString("hex")}`;
  const r = await api(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
    i: { email, name: `E2E ${role}`, role, password },
  });
  expect(r.errors).toBeUndefined();
  return { email, password };
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Tenants", level: 1 })).toBeVisible();
}

/** The session token the browser holds (http-only: page scripts cannot read it; the test harness can). */
export async function sessionOf(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === "spendline_session");
  expect(cookie, "session cookie").toBeTruthy();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe("Lax");
  return cookie!.value;
}

/** A tenant with a $0.10 daily HARD cap and a service key, made through the API. */
export async function seededTenant() {
  const slug = unique("seed");
  const t = await api(`mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`, {
    i: { slug, name: `Seeded ${slug}`, timezone: "Europe/Amsterdam" },
  });
  expect(t.errors).toBeUndefined();
  const b = await api(`mutation($i: SetBudgetInput!) { setBudget(input: $i) { id } }`, {
    i: { tenant: slug, name: "Daily cap", period: "DAY", limitCostUsd: "0.10" },
  });
  expect(b.errors).toBeUndefined();
  return { slug, budgetId: b.data.setBudget.id as string };
}

export const RECORD = `mutation($i: RecordUsageInput!) { recordUsage(input: $i) { recorded allowed } }`;
