// The session token lives in an http-only, SameSite=Lax cookie: client JavaScript never sees it; the console's
// server reads it and forwards it to the API as a bearer token.
import { cookies } from "next/headers";
import { env } from "./env";

export const SESSION_COOKIE = "spendline_session";

export async function sessionToken(): Promise<string | null> {
  return (await cookies()).get(SESSION_COOKIE)?.value ?? null;
}

export async function setSessionCookie(token: string, expiresAt: Date): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: env.cookieSecure,
    path: "/",
    expires: expiresAt,
  });
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}
