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

export function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}
