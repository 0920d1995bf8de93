import { SignInForm } from "./sign-in-form";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ expired?: string; out?: string }> }) {
  const { expired, out } = await searchParams;
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
