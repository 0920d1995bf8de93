// Short-lived, process-local caches on the per-request path, so recording a usage costs no authentication or
// tenant lookup query. What a cache may get wrong, and for how long, is bounded by CACHE_TTL_MS:
// - a REVOKED service key keeps working for at most CACHE_TTL_MS in API processes other than the one that revoked
//   it (that one forgets its cache at once). A key is never accepted before it exists (only hits are cached);
// - a tenant row (id, slug, name, timezone) may be up to CACHE_TTL_MS old. Recording does not depend on it: the
//   usage transaction re-reads the tenant and its budgets under the tenant's lock.
import type { Tenant } from "@spendline/db";
import type { Principal } from "./principal.ts";

export const CACHE_TTL_MS = 5_000;
/** Bounds memory against a flood of distinct keys or slugs: past this, a cache starts over. */
const MAX_ENTRIES = 10_000;

class TtlCache<V> {
  private entries = new Map<string, { value: V; until: number }>();

  get(key: string, now = Date.now()): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V, now = Date.now()): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { value, until: now + CACHE_TTL_MS });
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Service principals by SHA-256 of their key. */
export const servicePrincipals = new TtlCache<Extract<Principal, { kind: "service" }>>();
/** Tenants by slug. */
export const tenantsBySlug = new TtlCache<Tenant>();

/** Call after revoking a key: this process stops accepting it immediately. */
export function forgetServicePrincipals(): void {
  servicePrincipals.clear();
}
