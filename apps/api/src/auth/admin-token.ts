// The platform-admin token: SPENDLINE_ADMIN_TOKEN when set; otherwise the one stored in the state directory, or a
// new one generated, stored (mode 0600) and printed at first start. Clients (replay, examples) read the same file.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface AdminToken {
  token: string;
  source: "env" | "stored" | "generated";
  file: string;
}

export function ensureAdminToken(envToken: string | undefined, file: string): AdminToken {
  if (envToken) {
    if (envToken.length < 16) throw new Error("SPENDLINE_ADMIN_TOKEN must be at least 16 characters");
    return { token: envToken, source: "env", file };
  }
  try {
    return { token: fs.readFileSync(file, "utf8").trim(), source: "stored", file };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const token = `sl_admin_${crypto.randomBytes(32).toString("base64url")}`;
  try {
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: "wx" });
    return { token, source: "generated", file };
  } catch (e) {
    // Another process generated it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return ensureAdminToken(undefined, file);
    throw e;
  }
}

/** The admin token's SHA-256, computed once per token: it is compared against on every request. */
let adminDigest: { token: string; digest: Buffer } | null = null;

/** Whether a bearer token (given as its SHA-256) is the admin token; constant time. */
export function isAdminToken(tokenDigest: Buffer, adminToken: string): boolean {
  if (adminDigest?.token !== adminToken) adminDigest = { token: adminToken, digest: sha256(adminToken) };
  return crypto.timingSafeEqual(tokenDigest, adminDigest.digest);
}

export function sha256(text: string): Buffer {
  return crypto.hash("sha256", text, "buffer");
}
