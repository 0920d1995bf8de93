import Link from "next/link";
import type { ReactNode } from "react";
import { canExport, requireMe } from "@/lib/me";
import { signOutAction } from "./actions";
import { NavLinks } from "./nav-links";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const me = await requireMe();
  const links = [
    { href: "/", label: "Tenants" },
    { href: "/audit", label: "Audit log" },
    ...(canExport(me) ? [{ href: "/export", label: "Export" }] : []),
    ...(me.role === "ADMIN" ? [{ href: "/users", label: "Users" }] : []),
  ];
  return (
    <>
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header className="top">
        <Link href="/" className="brand">
          Spendline
        </Link>
        <NavLinks links={links} />
        <div className="who">
          <span data-testid="who">
            {me.email} · <span className="badge muted">{me.role.toLowerCase()}</span>
          </span>
          <form action={signOutAction}>
            <button type="submit" className="secondary">
              Sign out
            </button>
          </form>
        </div>
      </header>
      <main id="content">{children}</main>
    </>
  );
}
