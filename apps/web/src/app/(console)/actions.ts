"use server";
// Server actions shared by the console's pages. Each one calls the API, which enforces the caller's role; the UI
// hiding a button is a courtesy, not the check.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { tryGql, type ApiErrorInfo } from "@/lib/api";
import { clearSessionCookie } from "@/lib/session";

export async function signOutAction(): Promise<void> {
  await tryGql(`mutation { signOut }`);
  await clearSessionCookie();
  redirect("/sign-in?out=1");
}

export interface FormState {
  ok: boolean;
  error: ApiErrorInfo | null;
  values: Record<string, string>;
  /** A one-time value to show (a new API key). */
  secret?: string;
}

const valuesOf = (form: FormData) =>
  Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;

function fail(form: FormData, error: ApiErrorInfo): FormState {
  return { ok: false, error, values: valuesOf(form) };
}

export async function createTenantAction(_prev: FormState, form: FormData): Promise<FormState> {
  const slug = String(form.get("slug") ?? "").trim();
  const r = await tryGql(`mutation($i: CreateTenantInput!) { createTenant(input: $i) { slug } }`, {
    i: { slug, name: String(form.get("name") ?? ""), timezone: String(form.get("timezone") || "UTC") },
  });
  if (!r.ok) return fail(form, r.error);
  revalidatePath("/");
  redirect(`/tenants/${encodeURIComponent(slug)}`);
}

const DECIMAL = /^\d{1,20}(\.\d{1,18})?$/;
const WHOLE = /^\d{1,19}$/;

/** Create or edit a budget. Limits stay the strings the user typed; the API parses them exactly. */
export async function saveBudgetAction(_prev: FormState, form: FormData): Promise<FormState> {
  const v = valuesOf(form);
  const limitCostUsd = (v.limitCostUsd ?? "").trim();
  const limitTokens = (v.limitTokens ?? "").trim();
  if (!(v.name ?? "").trim())
    return fail(form, { code: "BAD_USER_INPUT", field: "name", message: "Give the budget a name." });
  if (limitCostUsd && !DECIMAL.test(limitCostUsd)) {
    return fail(form, {
      code: "BAD_USER_INPUT",
      field: "limitCostUsd",
      message: "A USD amount such as 0.10 or 250 (up to 18 decimals).",
    });
  }
  if (limitTokens && !WHOLE.test(limitTokens)) {
    return fail(form, { code: "BAD_USER_INPUT", field: "limitTokens", message: "A whole number of tokens." });
  }
  if (!limitCostUsd && !limitTokens) {
    return fail(form, {
      code: "BAD_USER_INPUT",
      field: "limitCostUsd",
      message: "Set a USD limit, a token limit or both.",
    });
  }
  const r = await tryGql(`mutation($i: SetBudgetInput!) { setBudget(input: $i) { id } }`, {
    i: {
      ...(v.id ? { id: v.id } : {}),
      tenant: v.tenant,
      name: v.name,
      period: v.period,
      limitCostUsd: limitCostUsd || null,
      limitTokens: limitTokens || null,
      enforcement: v.enforcement,
      enabled: v.enabled === "on",
      ...(v.startsAt ? { startsAt: v.startsAt } : {}),
    },
  });
  if (!r.ok) return fail(form, r.error);
  revalidatePath(`/tenants/${v.tenant}`);
  redirect(`/tenants/${encodeURIComponent(v.tenant!)}?saved=1`);
}

export async function createApiKeyAction(_prev: FormState, form: FormData): Promise<FormState> {
  const tenant = String(form.get("tenant"));
  const r = await tryGql<{ createApiKey: { key: string } }>(
    `mutation($t: String!, $n: String!) { createApiKey(tenant: $t, name: $n) { key } }`,
    { t: tenant, n: String(form.get("name") ?? "") },
  );
  if (!r.ok) return fail(form, r.error);
  revalidatePath(`/tenants/${tenant}/keys`);
  return { ok: true, error: null, values: {}, secret: r.data.createApiKey.key };
}

export async function revokeApiKeyAction(form: FormData): Promise<void> {
  const tenant = String(form.get("tenant"));
  const r = await tryGql(`mutation($t: String!, $id: ID!) { revokeApiKey(tenant: $t, id: $id) { id } }`, {
    t: tenant,
    id: String(form.get("id")),
  });
  redirect(
    `/tenants/${encodeURIComponent(tenant)}/keys?${r.ok ? "revoked=1" : `error=${encodeURIComponent(r.error.message)}`}`,
  );
}

export async function createUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const v = valuesOf(form);
  const r = await tryGql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
    i: { email: v.email, name: v.name, role: v.role, password: v.password },
  });
  if (!r.ok) return fail(form, r.error);
  revalidatePath("/users");
  return { ok: true, error: null, values: {} };
}

export async function setUserRoleAction(form: FormData): Promise<void> {
  const r = await tryGql(`mutation($id: ID!, $r: UserRole!) { setUserRole(id: $id, role: $r) { id } }`, {
    id: String(form.get("id")),
    r: String(form.get("role")),
  });
  redirect(`/users?${r.ok ? "saved=1" : `error=${encodeURIComponent(r.error.message)}`}`);
}

export async function deactivateUserAction(form: FormData): Promise<void> {
  const r = await tryGql(`mutation($id: ID!) { deactivateUser(id: $id) { id } }`, {
    id: String(form.get("id")),
  });
  redirect(`/users?${r.ok ? "saved=1" : `error=${encodeURIComponent(r.error.message)}`}`);
}

/** Disable or re-enable a budget: the same setBudget with every other field as it is. */
export async function toggleBudgetAction(form: FormData): Promise<void> {
  const v = valuesOf(form);
  const r = await tryGql(`mutation($i: SetBudgetInput!) { setBudget(input: $i) { id } }`, {
    i: {
      id: v.id,
      tenant: v.tenant,
      name: v.name,
      period: v.period,
      limitCostUsd: v.limitCostUsd || null,
      limitTokens: v.limitTokens || null,
      enforcement: v.enforcement,
      enabled: v.enabled === "true",
      ...(v.startsAt ? { startsAt: v.startsAt } : {}),
    },
  });
  revalidatePath(`/tenants/${v.tenant}`);
  redirect(
    `/tenants/${encodeURIComponent(v.tenant!)}?${r.ok ? "saved=1" : `error=${encodeURIComponent(r.error.message)}`}`,
  );
}
