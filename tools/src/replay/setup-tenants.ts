// Creates the demo tenants (idempotently: CONFLICT means it exists), makes their caps match the stated ones, and
// issues one service key per tenant for this run. Rows are recorded with those keys, not the admin token: that
// is the path real services take (key -> tenant scoping, api_key_id on each ledger row), and the keys are revoked
// when the run ends so reruns do not leave live secrets behind.
import { Decimal } from "@spendline/domain";
import { ApiError, type GraphQLClient } from "./api-client.ts";
import type { CapSpec } from "./caps.ts";
import type { DemoTenant } from "./plan.ts";

export interface BudgetView {
  id: string;
  name: string;
  period: string;
  enforcement: string;
  enabled: boolean;
  limitCostUsd: string | null;
  limitTokens: string | null;
}

export interface TenantSetup {
  tenant: DemoTenant;
  /** The timezone the server holds (an existing tenant keeps its own). */
  timezone: string;
  created: boolean;
  keyId: string;
  key: string;
}

export interface CapChange {
  cap: CapSpec;
  action: "created" | "updated" | "unchanged";
}

const CREATE_TENANT = `mutation($i: CreateTenantInput!) { createTenant(input: $i) { slug timezone } }`;
const TENANT = `query($t: String!) { tenant(slug: $t) { slug timezone budgets { id name period enforcement enabled limitCostUsd limitTokens } } }`;
const SET_BUDGET = `mutation($i: SetBudgetInput!) { setBudget(input: $i) { id } }`;
const CREATE_KEY = `mutation($t: String!, $n: String!) { createApiKey(tenant: $t, name: $n) { key apiKey { id } } }`;
const REVOKE_KEY = `mutation($t: String!, $id: ID!) { revokeApiKey(tenant: $t, id: $id) { id revokedAt } }`;

export async function ensureTenant(
  client: GraphQLClient,
  adminToken: string,
  tenant: DemoTenant,
): Promise<{ timezone: string; created: boolean }> {
  try {
    const r = await client.request<{ createTenant: { timezone: string } }>(adminToken, CREATE_TENANT, {
      i: { slug: tenant.slug, name: tenant.name, timezone: tenant.timezone },
    });
    return { timezone: r.createTenant.timezone, created: true };
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== "CONFLICT") throw e;
    const r = await client.request<{ tenant: { timezone: string } | null }>(adminToken, TENANT, {
      t: tenant.slug,
    });
    if (!r.tenant) throw new Error(`tenant ${tenant.slug} conflicts but cannot be read`);
    return { timezone: r.tenant.timezone, created: false };
  }
}

/** Creates missing caps and updates those whose limits differ (an audited change); leaves other budgets alone. */
export async function ensureCaps(
  client: GraphQLClient,
  adminToken: string,
  caps: readonly CapSpec[],
): Promise<CapChange[]> {
  const changes: CapChange[] = [];
  for (const cap of caps) {
    const r = await client.request<{ tenant: { budgets: BudgetView[] } }>(adminToken, TENANT, {
      t: cap.tenant,
    });
    const existing = r.tenant.budgets.find((b) => b.name === cap.name);
    const input = {
      tenant: cap.tenant,
      name: cap.name,
      period: cap.period,
      enforcement: cap.enforcement,
      enabled: true,
      limitCostUsd: cap.limitCostUsd,
      limitTokens: cap.limitTokens,
    };
    if (existing && sameCap(existing, cap)) {
      changes.push({ cap, action: "unchanged" });
      continue;
    }
    await client.request(adminToken, SET_BUDGET, { i: existing ? { ...input, id: existing.id } : input });
    changes.push({ cap, action: existing ? "updated" : "created" });
  }
  return changes;
}

function sameCap(b: BudgetView, cap: CapSpec): boolean {
  const sameMoney =
    b.limitCostUsd === null || cap.limitCostUsd === null
      ? b.limitCostUsd === cap.limitCostUsd
      : new Decimal(b.limitCostUsd).equals(cap.limitCostUsd);
  return (
    sameMoney &&
    b.limitTokens === cap.limitTokens &&
    b.period === cap.period &&
    b.enforcement === cap.enforcement &&
    b.enabled
  );
}

export async function createRunKey(client: GraphQLClient, adminToken: string, slug: string, runName: string) {
  const r = await client.request<{ createApiKey: { key: string; apiKey: { id: string } } }>(
    adminToken,
    CREATE_KEY,
    {
      t: slug,
      n: runName,
    },
  );
  return { key: r.createApiKey.key, keyId: r.createApiKey.apiKey.id };
}

export async function revokeRunKey(client: GraphQLClient, adminToken: string, slug: string, keyId: string) {
  await client.request(adminToken, REVOKE_KEY, { t: slug, id: keyId });
}
