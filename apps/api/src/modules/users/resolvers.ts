import type { Resolvers } from "../../generated/graphql.ts";
import { requireAdmin, requireUser } from "../common/access.ts";
import { createUser, deactivateUser, setUserRole } from "./manage-users.ts";
import { signIn, signOut } from "./sign-in.ts";

export const userResolvers: Resolvers = {
  Query: {
    me: (_p, _a, ctx) =>
      ctx.principal.kind === "user"
        ? ctx.db.prisma.user.findUnique({ where: { id: ctx.principal.userId } })
        : null,
    users: (_p, _a, ctx) => {
      requireAdmin(ctx);
      return ctx.db.prisma.user.findMany({ orderBy: { email: "asc" } });
    },
  },
  Mutation: {
    signIn: (_p, args, ctx) => signIn(ctx, args),
    signOut: (_p, _a, ctx) => signOut(ctx, requireUser(ctx).sessionId),
    createUser: (_p, { input }, ctx) => {
      requireAdmin(ctx);
      return createUser(ctx, { ...input, actor: ctx.principal.actor });
    },
    setUserRole: (_p, args, ctx) => {
      requireAdmin(ctx);
      return setUserRole(ctx, { ...args, actor: ctx.principal.actor });
    },
    deactivateUser: (_p, args, ctx) => {
      requireAdmin(ctx);
      return deactivateUser(ctx, { ...args, actor: ctx.principal.actor });
    },
  },
  User: {
    active: (u) => u.deactivatedAt === null,
  },
};
