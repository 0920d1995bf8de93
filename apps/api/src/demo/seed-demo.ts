// Demo data for a first start: three tenants in different timezones, caps of every kind, and a day of usage in
// which one tenant crosses its HARD daily cap, so the console has something true to show. Runs only on an empty
// database, through the same services the API uses.
import type { Database } from "@spendline/db";
import type { Logger } from "pino";
import { createApiKey } from "../modules/api-keys/manage-api-keys.ts";
import { setBudget } from "../modules/budgets/set-budget.ts";
import { createTenant } from "../modules/tenants/create-tenant.ts";
import { recordUsage } from "../modules/usage/record-usage.ts";
import { windowFor } from "@spendline/domain";
import { ensureUser } from "../modules/users/manage-users.ts";

const ACTOR = "demo-seed";

/** Demo console users, one per role. Their password is demo data, printed in the start banner. */
export const DEMO_USERS = [
  { email: "admin@demo.spendline.dev", name: "Demo Admin", role: "ADMIN", password: "spendline-demo" },
  { email: "finance@demo.spendline.dev", name: "Demo Finance", role: "FINANCE", password: "spendline-demo" },
  { email: "viewer@demo.spendline.dev", name: "Demo Viewer", role: "VIEWER", password: "spendline-demo" },
] as const;

/** The demo users exist whenever demo mode runs (also on a database seeded before they were added). */
async function seedDemoUsers(db: Database) {
  for (const u of DEMO_USERS) await ensureUser({ db }, { ...u, actor: ACTOR });
  return DEMO_USERS.map(({ email, password, role }) => ({ email, password, role }));
}

export async function seedDemo(
  db: Database,
  log: Logger,
): Promise<{ seeded: boolean; keys: Record<string, string>; users: { email: string; password: string; role: string }[] }> {
  const users = await seedDemoUsers(db);
  if ((await db.prisma.tenant.count()) > 0) return { seeded: false, keys: {}, users };
  const ctx = { db };
  const now = new Date();
  const tenants = [
    { slug: "acme", name: "Acme Corp", timezone: "UTC", daily: "0.10", monthly: "25" },
    { slug: "globex", name: "Globex (Tokyo)", timezone: "Asia/Tokyo", daily: "5", monthly: "100" },
    { slug: "initech", name: "Initech (Amsterdam)", timezone: "Europe/Amsterdam", daily: "2", monthly: "40" },
  ];
  const keys: Record<string, string> = {};
  for (const t of tenants) {
    const tenant = await createTenant(ctx, { ...t, actor: ACTOR });
    await setBudget(ctx, { tenant, actor: ACTOR, input: { name: "Daily cap", period: "DAY", limitCostUsd: t.daily } });
    await setBudget(ctx, {
      tenant,
      actor: ACTOR,
      input: { name: "Monthly soft alert", period: "MONTH", limitCostUsd: t.monthly, enforcement: "SOFT" },
    });
    await setBudget(ctx, {
      tenant,
      actor: ACTOR,
      input: { name: "Weekly tokens", period: "WEEK", limitTokens: 5_000_000n },
    });
    keys[t.slug] = (await createApiKey(ctx, { tenant, name: "demo service", actor: ACTOR })).key;
    // A week of history (one or two calls a day, some days over the daily cap) so the history chart and the
    // sparklines have something to show; then today, spread over the hours so far.
    const today = windowFor("DAY", tenant.timezone, now);
    for (let d = 6; d >= 1; d--) {
      const dayStart = today.start.getTime() - d * 86_400_000;
      for (const [j, cents] of [3 * ((d % 3) + 1), 2 * d].entries()) {
        await recordUsage(ctx, {
          tenant,
          apiKeyId: null,
          input: {
            idempotencyKey: `demo-${t.slug}-d${d}-${j}`,
            model: j ? "claude-sonnet-4-5" : "gpt-4o-mini",
            provider: j ? "anthropic" : "openai",
            inputTokens: 800 + 100 * d,
            outputTokens: 150 + 10 * d,
            costUsd: (cents / (t.slug === "acme" ? 100 : 10)).toFixed(2),
            occurredAt: new Date(dayStart + (9 + 6 * j) * 3_600_000),
            metadata: { feature: "demo" },
          },
        });
      }
    }
    // The ledger-drift report's own scenario on acme: $0.066, then $0.114471 that crosses the $0.10 cap.
    const costs = t.slug === "acme" ? ["0.066", "0.114471", "0.0125"] : ["0.42", "0.1337", "1.05", "0.0071"];
    const elapsed = now.getTime() - today.start.getTime();
    const during = (k: number) => new Date(today.start.getTime() + (elapsed * (k + 1)) / (costs.length + 2));
    for (const [i, costUsd] of costs.entries()) {
      await recordUsage(ctx, {
        tenant,
        apiKeyId: null,
        input: {
          idempotencyKey: `demo-${t.slug}-${i}`,
          occurredAt: during(i),
          model: i % 2 ? "claude-opus-4" : "gpt-4o",
          provider: i % 2 ? "anthropic" : "openai",
          inputTokens: 1200 + 300 * i,
          outputTokens: 250 + 40 * i,
          costUsd,
          metadata: { feature: "demo" },
        },
      });
    }
    await recordUsage(ctx, {
      tenant,
      apiKeyId: null,
      input: {
        idempotencyKey: `demo-${t.slug}-unpriced`,
        model: "in-house-llm-v0",
        inputTokens: 900,
        outputTokens: 120,
        occurredAt: during(costs.length),
      },
    });
  }
  log.info({ tenants: tenants.map((t) => t.slug) }, "demo data seeded");
  return { seeded: true, keys, users };
}
