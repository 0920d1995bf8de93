// Validation of user fields, shared by the API, the first-admin bootstrap and the demo seed.
import { badInput, boundedText } from "@spendline/domain";
import type { UserRole } from "../../auth/principal.ts";

const ROLES: readonly UserRole[] = ["ADMIN", "FINANCE", "VIEWER"];
// Deliberately loose: one @, something on both sides, a dot in the domain. The mailbox is the user's business.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export function normalizeEmail(email: unknown): string {
  if (typeof email !== "string" || email.length > 254 || !EMAIL.test(email.trim())) {
    throw badInput("email", "must be an email address such as ada@example.com");
  }
  return email.trim().toLowerCase();
}

export function assertRole(role: unknown): UserRole {
  if (!ROLES.includes(role as UserRole)) throw badInput("role", `must be one of ${ROLES.join(", ")}`);
  return role as UserRole;
}

export function userName(name: unknown): string {
  return boundedText(name as string, "name", 120, true)!;
}
