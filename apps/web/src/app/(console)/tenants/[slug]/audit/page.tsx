import Link from "next/link";
import { AuditTable, type AuditNode } from "@/components/audit-table";
import { gql } from "@/lib/api";

const NODE = `id at actor action entityType entityId before after tenant { slug name }`;

export default async function TenantAuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ after?: string }>;
}) {
  const { slug } = await params;
  const { after } = await searchParams;
  const { tenant } = await gql<{
    tenant: {
      timezone: string;
      auditLog: { nodes: AuditNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    };
  }>(
    `query($t: String!, $a: String) { tenant(slug: $t) { timezone auditLog(first: 50, after: $a) { nodes { ${NODE} } pageInfo { hasNextPage endCursor } } } }`,
    { t: slug, a: after ?? null },
  );
  return (
    <>
      <h2>Audit log</h2>
      <AuditTable nodes={tenant.auditLog.nodes} timezone={tenant.timezone} showTenant={false} />
      <div className="pager">
        {after && <Link href={`/tenants/${slug}/audit`}>Newest</Link>}
        {tenant.auditLog.pageInfo.hasNextPage && (
          <Link href={`/tenants/${slug}/audit?after=${tenant.auditLog.pageInfo.endCursor}`}>Older →</Link>
        )}
      </div>
    </>
  );
}
