import { notFound } from "next/navigation";
import { gql } from "@/lib/api";
import { canExport, requireMe } from "@/lib/me";
import { ExportForm } from "./export-form";

export default async function ExportPage() {
  const me = await requireMe();
  if (!canExport(me)) notFound();
  const { tenants } = await gql<{ tenants: { slug: string; name: string }[] }>(`{ tenants { slug name } }`);
  return (
    <>
      <h1>Export</h1>
      <p className="sub">
        CSV for reconciliation with the provider bill: exact decimals as stored, UTC ISO-8601 times. The
        column lists are in docs/exports.md.
      </p>
      <ExportForm tenants={tenants} />
    </>
  );
}
