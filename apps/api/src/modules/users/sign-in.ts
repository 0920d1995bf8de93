// signIn / signOut. One answer for every failed sign-in, whatever was wrong, so the API tells nobody which
// emails have accounts; too many failures for one email are refused for a while (auth/sign-in-throttle.ts).
import { AppError, ErrorCode } from "@spendline/domain";
import type { User } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import { verifyPassword } from "../../auth/passwords.ts";
import { createSession, deleteSession } from "../../auth/sessions.ts";
import { signInThrottle, type SignInThrottle } from "../../auth/sign-in-throttle.ts";
import { normalizeEmail } from "./user-fields.ts";

export const SIGN_IN_REFUSED = "Wrong email or password.";

export async function signIn(
  ctx: Pick<Context, "db">,
  options: { email: string; password: string },
  throttle: SignInThrottle = signInThrottle,
): Promise<{ token: string; expiresAt: Date; user: User }> {
  let email: string | null = null;
  try {
    email = normalizeEmail(options.email);
  } catch {
    email = null;
  }
  const wait = email ? throttle.attempt(email) : 0;
  if (wait > 0) {
    const retryAfterSeconds = Math.ceil(wait / 1000);
    throw new AppError(
      ErrorCode.TOO_MANY_REQUESTS,
      `Too many failed sign-ins for this email. Try again in ${Math.ceil(retryAfterSeconds / 60)} min.`,
      { retryAfterSeconds },
    );
  }
  const user = email ? await ctx.db.prisma.user.findUnique({ where: { email } }) : null;
  const usable = user && !user.deactivatedAt ? user : null;
  // Always verify (against a dummy hash when there is no usable user) so timing does not tell either.
  const ok = await verifyPassword(usable?.passwordHash ?? null, options.password);
  if (!usable || !ok) throw new AppError(ErrorCode.UNAUTHENTICATED, SIGN_IN_REFUSED);
  throttle.succeeded(email!);
  const session = await createSession(ctx.db.prisma, usable.id);
  return { ...session, user: usable };
}

export async function signOut(ctx: Pick<Context, "db">, sessionId: string): Promise<boolean> {
  await deleteSession(ctx.db.prisma, sessionId);
  return true;
}
