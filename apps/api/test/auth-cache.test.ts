// Authentication is cached for a few seconds per process (auth/principal-cache.ts) so recordUsage costs no auth
// query. Revocation must still take effect at once in the process that revoked the key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORD, startTestApi, type TestApi } from "./testkit.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

describe("service key cache", () => {
  it("a revoked key is refused on the next request, although it was just used (and cached)", async () => {
    const t = await api.tenant();
    const created = await api.gql(
      `mutation($t: String!) { createApiKey(tenant: $t, name: "doomed") { key apiKey { id } } }`,
      { t: t.slug },
    );
    const { key, apiKey } = created.data.createApiKey;
    const usage = { tenant: t.slug, model: "m", inputTokens: 1, outputTokens: 1, costUsd: "0.01" };
    expect((await api.gql(RECORD, { i: usage }, key)).errors).toBeUndefined();
    const revoked = await api.gql(
      `mutation($t: String!, $id: ID!) { revokeApiKey(tenant: $t, id: $id) { id } }`,
      { t: t.slug, id: apiKey.id },
    );
    expect(revoked.errors).toBeUndefined();
    const after = await api.gql(RECORD, { i: usage }, key);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    // The tenant's other key is unaffected.
    expect((await api.gql(RECORD, { i: usage }, t.key)).errors).toBeUndefined();
  });
});

describe("tenant cache", () => {
  it("a tenant whose cache entry expires while another tenant is being looked up is still found", async () => {
    const [a, b] = [await api.tenant(), await api.tenant()];
    const { createLoaders } = await import("../src/graphql/loaders.ts");
    const { tenantsBySlug, CACHE_TTL_MS } = await import("../src/auth/principal-cache.ts");
    const [row] = await api.db.sql.$queryRawUnsafe<{ id: string; slug: string; name: string; timezone: string }[]>(
      `SELECT id::text AS id, slug, name, timezone FROM tenants WHERE slug = $1`,
      a.slug,
    );
    // a: cached, expiring 30 ms from now; b: not cached, and its lookup (on the real database) takes longer.
    tenantsBySlug.clear();
    tenantsBySlug.set(a.slug, { ...row!, createdAt: new Date() }, Date.now() - CACHE_TTL_MS + 30);
    const slow = {
      ...api.db,
      sql: {
        ...api.db.sql,
        $queryRawUnsafe: async <T>(sql: string, ...values: unknown[]) => {
          await new Promise((r) => setTimeout(r, 100));
          return api.db.sql.$queryRawUnsafe<T>(sql, ...values);
        },
      },
    };
    const loaders = createLoaders(slow as typeof api.db);
    const [ta, tb] = await Promise.all([loaders.tenantBySlug.load(a.slug), loaders.tenantBySlug.load(b.slug)]);
    expect(ta?.id).toBe(a.id);
    expect(tb?.id).toBe(b.id);
  });
});
