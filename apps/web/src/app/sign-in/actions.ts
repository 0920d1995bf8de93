"use server";
import { redirect } from "next/navigation";
import { tryGql } from "@/lib/api";
import { setSessionCookie } from "@/lib/session";

export interface SignInState {
  error: string | null;
  email: string;
}

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  const password = String(form.get("password") ?? "");
  if (!email || !password) return { error: "Enter your email and password.", email };
  const r = await tryGql<{ signIn: { token: string; expiresAt: string } }>(
    `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token expiresAt } }`,
    { e: email, p: password },
    null,
  );
  if (!r.ok) return { error: r.error.message, email };
  await setSessionCookie(r.data.signIn.token, new Date(r.data.signIn.expiresAt));
  redirect("/");
}
