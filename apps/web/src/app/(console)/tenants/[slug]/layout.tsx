import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { gql } from "@/lib/api";
import { TenantTabs } from "./tabs";

export default async function TenantLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { tenant } = await gql<{ tenant: { slug: string; name: string; timezone: string } | null }>(
    `query($t: String!) { tenant(slug: $t) { slug name timezone } }`,
    { t: slug },
  );
  if (!tenant) notFound();
  return (
    <>
      <h1>{tenant.name}</h1>
      <p className="sub">
        <code>{tenant.slug}</code> · windows and times in <strong>{tenant.timezone}</strong>
      </p>
      <TenantTabs slug={tenant.slug} />
      {children}
    </>
  );
}
