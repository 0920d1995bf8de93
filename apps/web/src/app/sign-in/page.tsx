import { redirect } from "next/navigation";
import { tryGql } from "@/lib/api";
import { sessionToken } from "@/lib/session";
import { SignInForm } from "./sign-in-form";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ expired?: string; out?: string }>;
}) {
  const { expired, out } = await searchParams;
  // Already signed in (a live session): straight to the console.
  if (!expired && (await sessionToken())) {
    const me = await tryGql<{ me: { id: string } | null }>(`{ me { id } }`);
    if (me.ok && me.data.me) redirect("/");
  }
  return (
    <main>
      <div className="signin">
        <h1>Spendline</h1>
        <p className="sub">Sign in to the console.</p>
        {expired && <p className="notice warn">Your session has ended. Sign in again.</p>}
        {out && <p className="notice ok">You are signed out.</p>}
        <SignInForm />
      </div>
    </main>
  );
}
