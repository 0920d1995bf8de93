// The audit log: who changed what, when, and the fields that changed (before -> after).
import Link from "next/link";
import { dateTime } from "@/lib/format";

export interface AuditNode {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  tenant: { slug: string; name: string } | null;
}

const IGNORED = new Set(["updatedAt", "version", "createdAt", "tenantId"]);

function changes(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys]
    .filter(
      (k) => !IGNORED.has(k) && JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null),
    )
    .map((k) => ({ key: k, before: before ? show(before[k]) : null, after: show(after?.[k]) }));
}

const show = (v: unknown) =>
  v === null || v === undefined ? "∅" : typeof v === "string" ? v : JSON.stringify(v);

export function AuditTable({
  nodes,
  timezone,
  showTenant,
}: {
  nodes: AuditNode[];
  timezone: string;
  showTenant: boolean;
}) {
  if (nodes.length === 0) return <div className="empty">No changes recorded yet.</div>;
  return (
    <div className="table-wrap">
      <table data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">When ({timezone})</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            {showTenant && <th scope="col">Tenant</th>}
            <th scope="col">Changes (before → after)</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={n.id}>
              <td>{dateTime(n.at, timezone)}</td>
              <td>
                <code>{n.actor}</code>
              </td>
              <td>{n.action}</td>
              {showTenant && (
                <td>
                  {n.tenant ? <Link href={`/tenants/${n.tenant.slug}`}>{n.tenant.slug}</Link> : "platform"}
                </td>
              )}
              <td style={{ whiteSpace: "normal" }}>
                <ul style={{ margin: 0, paddingLeft: 16 }}>
                  {changes(n.before, n.after).map((c) => (
                    <li key={c.key}>
                      <strong>{c.key}</strong>: {c.before === null ? "" : `${c.before} → `}
                      {c.after}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
