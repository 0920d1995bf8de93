// Admin user management: create, change role, deactivate. Every change is audit-logged (platform events) in the
// same transaction; deactivating or demoting ends the user's sessions, so a role change takes effect at once.
import { AppError, ErrorCode } from "@spendline/domain";
import type { User } from "@spendline/db";
import type { Context } from "../../graphql/context.ts";
import { assertPasswordPolicy, hashPassword } from "../../auth/passwords.ts";
import { revokeUserSessions } from "../../auth/sessions.ts";
import type { UserRole } from "../../auth/principal.ts";
import { PLATFORM_TENANT_ID, recordAudit } from "../audit/record-audit.ts";
import type { Tx } from "../common/tx.ts";
import { assertRole, normalizeEmail, userName } from "./user-fields.ts";

/** What the audit log keeps of a user: never the password hash. */
export function auditableUser(u: User) {
  const { passwordHash: _omit, ...visible } = u;
  return visible;
}

export async function createUser(
  ctx: Pick<Context, "db">,
  options: { email: string; name: string; role: string; password: string; actor: string },
): Promise<User> {
  const email = normalizeEmail(options.email);
  const name = userName(options.name);
  const role = assertRole(options.role);
  const passwordHash = await hashPassword(assertPasswordPolicy(options.password));
  return ctx.db.prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email } })) {
      throw new AppError(ErrorCode.CONFLICT, `A user ${email} already exists.`, { field: "email" });
    }
    const user = await tx.user.create({ data: { email, name, role, passwordHash } });
    await audit(tx, options.actor, "user.create", user.id, null, user);
    return user;
  });
}

export async function setUserRole(
  ctx: Pick<Context, "db">,
  options: { id: string; role: string; actor: string },
): Promise<User> {
  const role = assertRole(options.role);
  return ctx.db.prisma.$transaction(async (tx) => {
    const before = await findUser(tx, options.id);
    if (before.role === role) return before;
    if (before.role === "ADMIN") await assertAnotherAdmin(tx, before.id);
    const after = await tx.user.update({ where: { id: before.id }, data: { role } });
    await revokeUserSessions(tx, before.id);
    await audit(tx, options.actor, "user.role", before.id, before, after);
    return after;
  });
}

export async function deactivateUser(
  ctx: Pick<Context, "db">,
  options: { id: string; actor: string },
): Promise<User> {
  return ctx.db.prisma.$transaction(async (tx) => {
    const before = await findUser(tx, options.id);
    if (before.deactivatedAt) return before;
    if (before.role === "ADMIN") await assertAnotherAdmin(tx, before.id);
    const after = await tx.user.update({ where: { id: before.id }, data: { deactivatedAt: new Date() } });
    await revokeUserSessions(tx, before.id);
    await audit(tx, options.actor, "user.deactivate", before.id, before, after);
    return after;
  });
}

/** The first admin of an empty user table (SPENDLINE_ADMIN_EMAIL / SPENDLINE_ADMIN_PASSWORD, or the demo seed). */
export async function ensureUser(
  ctx: Pick<Context, "db">,
  options: {
    email: string;
    name: string;
    role: UserRole;
    password: string;
    actor: string;
    onlyIfNoUsers?: boolean;
  },
): Promise<{ created: boolean }> {
  if (options.onlyIfNoUsers && (await ctx.db.prisma.user.count()) > 0) return { created: false };
  if (await ctx.db.prisma.user.findUnique({ where: { email: normalizeEmail(options.email) } }))
    return { created: false };
  await createUser(ctx, options);
  return { created: true };
}

async function findUser(tx: Tx, id: string): Promise<User> {
  const user = /^[0-9a-f-]{36}$/i.test(id) ? await tx.user.findUnique({ where: { id } }) : null;
  if (!user) throw new AppError(ErrorCode.NOT_FOUND, `No user ${id}.`);
  return user;
}

/** Nobody may remove the last active admin: the console would have no one left who can manage it. */
async function assertAnotherAdmin(tx: Tx, exceptId: string): Promise<void> {
  const others = await tx.user.count({
    where: { role: "ADMIN", deactivatedAt: null, id: { not: exceptId } },
  });
  if (others === 0)
    throw new AppError(ErrorCode.CONFLICT, "This is the last active admin; make another admin first.");
}

function audit(tx: Tx, actor: string, action: string, id: string, before: User | null, after: User) {
  return recordAudit(tx, {
    tenantId: PLATFORM_TENANT_ID,
    actor,
    action,
    entityType: "user",
    entityId: id,
    before: before && auditableUser(before),
    after: auditableUser(after),
  });
}
