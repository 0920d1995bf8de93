// Console sessions: an opaque random token for the cookie, only its SHA-256 stored, with an absolute expiry.
import crypto from "node:crypto";
import type { Database, Prisma, User } from "@spendline/db";

export const SESSION_TOKEN_PREFIX = "sl_sess_";
/** Absolute lifetime; the console signs in again after it. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

type Db = Pick<Database["prisma"], "session"> | Prisma.TransactionClient;

export function hashSessionToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export async function createSession(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = `${SESSION_TOKEN_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  // Expired sessions are dead weight: each sign-in clears the user's own.
  await db.session.deleteMany({ where: { userId, expiresAt: { lte: now } } });
  await db.session.create({ data: { userId, tokenHash: hashSessionToken(token), expiresAt } });
  return { token, expiresAt };
}

/** The active user behind a session token, or null (unknown, expired, or the user was deactivated). */
export async function userForSession(
  db: Database,
  token: string,
  now = new Date(),
): Promise<{ user: User; sessionId: string } | null> {
  const session = await db.prisma.session.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    include: { user: true },
  });
  if (!session || session.expiresAt <= now || session.user.deactivatedAt) return null;
  return { user: session.user, sessionId: session.id };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export async function revokeUserSessions(db: Db, userId: string): Promise<number> {
  return (await db.session.deleteMany({ where: { userId } })).count;
}
