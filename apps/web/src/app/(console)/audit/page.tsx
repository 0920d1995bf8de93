import Link from "next/link";
import { AuditTable, type AuditNode } from "@/components/audit-table";
import { gql } from "@/lib/api";

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const { after } = await searchParams;
  const { auditLog } = await gql<{
    auditLog: { nodes: AuditNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  }>(
    `query($a: String) { auditLog(first: 50, after: $a) { nodes { id at actor action entityType entityId before after tenant { slug name } } pageInfo { hasNextPage endCursor } } }`,
    { a: after ?? null },
  );
  return (
    <>
      <h1>Audit log</h1>
      <p className="sub">Every change of a tenant, budget, API key or user, newest first. Times in UTC.</p>
      <AuditTable nodes={auditLog.nodes} timezone="UTC" showTenant />
      <div className="pager">
        {after && <Link href="/audit">Newest</Link>}
        {auditLog.pageInfo.hasNextPage && (
          <Link href={`/audit?after=${auditLog.pageInfo.endCursor}`}>Older →</Link>
        )}
      </div>
    </>
  );
}
