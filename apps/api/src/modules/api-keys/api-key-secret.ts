// Service API keys: "sl_" + 43 base64url characters (32 random bytes). Only their SHA-256 is stored; with 256
// bits of entropy a slow hash would add nothing.
import crypto from "node:crypto";

export const API_KEY_PREFIX = "sl_";

export function newApiKeySecret(): { key: string; prefix: string; hash: string } {
  const key = API_KEY_PREFIX + crypto.randomBytes(32).toString("base64url");
  return { key, prefix: key.slice(0, 10), hash: hashApiKey(key) };
}

/** What authenticate() looks a presented key up by (it computes the same digest once per request). */
export function hashApiKey(key: string): string {
  return crypto.hash("sha256", key, "hex");
}
