// Who is calling. Resolved once per request from `Authorization: Bearer <token>`.
export type Principal =
  | { kind: "admin"; actor: string }
  | { kind: "service"; actor: string; tenantId: string; tenantSlug: string; apiKeyId: string };
