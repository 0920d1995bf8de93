// Who is calling. Resolved once per request from `Authorization: Bearer <token>`.
// - admin: the platform-admin token (scripts, CI); may do everything.
// - user: a console user's session; may do what their role allows (src/modules/common/access.ts).
// - service: an API key, bound to one tenant.
// - anonymous: no token at all; may only call the public operations (signIn), see src/auth/public-operations.ts.
export type UserRole = "ADMIN" | "FINANCE" | "VIEWER";

export type Principal =
  | { kind: "admin"; actor: string }
  | { kind: "user"; actor: string; userId: string; email: string; role: UserRole; sessionId: string }
  | { kind: "service"; actor: string; tenantId: string; tenantSlug: string; apiKeyId: string }
  | { kind: "anonymous"; actor: "anonymous" };
