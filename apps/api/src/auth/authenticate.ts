// Bearer token -> Principal. The admin token is compared in constant time; service keys are looked up by hash.
import type { Database } from "@spendline/db";
import { AppError, ErrorCode } from "@spendline/domain";
import { API_KEY_PREFIX } from "../modules/api-keys/api-key-secret.ts";
import { isAdminToken, sha256 } from "./admin-token.ts";
import { servicePrincipals } from "./principal-cache.ts";
import type { Principal } from "./principal.ts";
import { SESSION_TOKEN_PREFIX, userForSession } from "./sessions.ts";

/** last_used_at is written at most this often per key, so recording usage does not also write the key row. */
const LAST_USED_RESOLUTION_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

interface ApiKeyRow {
  tenantId: string;
  id: string;
  name: string;
  prefix: string;
  revokedAt: Date | null;
  tenantSlug: string;
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

/** No Authorization header at all: anonymous (the server lets it sign in and nothing else). A header that is not a
 * valid bearer token is refused here. */
export async function authenticate(db: Database, adminToken: string, header: string | undefined): Promise<Principal> {
  if (header === undefined || header === "") return { kind: "anonymous", actor: "anonymous" };
  const token = bearerToken(header);
  if (!token) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, "Send `Authorization: Bearer <token>` (an API key or the admin token).");
  }
  // One hash per request: compared with the admin token's, and (hex) the key hash service keys are stored under.
  const digest = sha256(token);
  if (isAdminToken(digest, adminToken)) return { kind: "admin", actor: "admin-token" };
  if (token.startsWith(SESSION_TOKEN_PREFIX) && token.length < 200) {
    const found = await userForSession(db, token);
    if (found) {
      const { user, sessionId } = found;
      return { kind: "user", actor: `user:${user.email}`, userId: user.id, email: user.email, role: user.role, sessionId };
    }
    throw new AppError(ErrorCode.UNAUTHENTICATED, "The session has ended (signed out, expired or deactivated). Sign in again.");
  }
  if (token.startsWith(API_KEY_PREFIX) && token.length < 200) {
    const keyHash = digest.toString("hex");
    const cached = servicePrincipals.get(keyHash);
    if (cached) return cached;
    // Plain SQL: on a cache miss this is on the recordUsage path, where Prisma's per-query CPU showed in profiles.
    const [key] = await db.sql.$queryRawUnsafe<ApiKeyRow[]>(
      `SELECT k.tenant_id::text AS "tenantId", k.id::text AS id, k.name, k.prefix, k.revoked_at AS "revokedAt",
         t.slug AS "tenantSlug"
       FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = $1`,
      keyHash,
    );
    if (key && !key.revokedAt) {
      const now = Date.now();
      if (now - (lastUsedWritten.get(key.id) ?? 0) > LAST_USED_RESOLUTION_MS) {
        lastUsedWritten.set(key.id, now);
        await db.prisma.apiKey.update({
          where: { tenantId_id: { tenantId: key.tenantId, id: key.id } },
          data: { lastUsedAt: new Date(now) },
        });
      }
      const principal = {
        kind: "service" as const,
        actor: `apiKey:${key.prefix}:${key.name}`,
        tenantId: key.tenantId,
        tenantSlug: key.tenantSlug,
        apiKeyId: key.id,
      };
      servicePrincipals.set(keyHash, principal);
      return principal;
    }
  }
  throw new AppError(ErrorCode.UNAUTHENTICATED, "The token is not valid (unknown, revoked or mistyped).");
}
