import { cache } from "react";
import { redirect } from "next/navigation";
import { tryGql } from "./api";
import { sessionToken } from "./session";

export type Role = "ADMIN" | "FINANCE" | "VIEWER";
export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** The signed-in user, once per request; no session (or an ended one) redirects to sign-in. */
export const requireMe = cache(async (): Promise<Me> => {
  if (!(await sessionToken())) redirect("/sign-in");
  const r = await tryGql<{ me: Me | null }>(`{ me { id email name role } }`);
  if (!r.ok) {
    if (r.error.code === "UNAUTHENTICATED") redirect("/sign-in?expired=1");
    throw new Error(r.error.message);
  }
  if (!r.data.me) redirect("/sign-in");
  return r.data.me;
});

export const canEdit = (me: Me) => me.role === "ADMIN";
export const canExport = (me: Me) => me.role === "ADMIN" || me.role === "FINANCE";
