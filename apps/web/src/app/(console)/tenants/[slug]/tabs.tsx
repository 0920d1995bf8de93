"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export function TenantTabs({ slug }: { slug: string }) {
  const path = usePathname();
  const base = `/tenants/${slug}`;
  const tabs = [
    { href: base, label: "Spend & budgets" },
    { href: `${base}/keys`, label: "API keys" },
    { href: `${base}/audit`, label: "Audit log" },
  ];
  return (
    <nav className="tabs" aria-label="Tenant">
      {tabs.map((t) => (
        <Link key={t.href} href={t.href} aria-current={path === t.href ? "page" : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
