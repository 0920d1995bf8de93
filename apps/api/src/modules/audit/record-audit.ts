// Every change of a budget, key or tenant is written to the audit log in the same transaction as the change.
import type { Tx } from "../common/tx.ts";

/** Events that concern no tenant (console users) are filed under this reserved id; the audit log answers them
 * with `tenant: null`. No tenant can have it: tenant ids are random UUIDs. */
export const PLATFORM_TENANT_ID = "00000000-0000-0000-0000-000000000000";

export interface AuditRecord {
  tenantId: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** JSON-safe copy: Decimals and Dates as strings, bigints as strings. */
export function auditJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(
    JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
  );
}

export async function recordAudit(tx: Tx, r: AuditRecord): Promise<void> {
  await tx.auditEntry.create({
    data: {
      tenantId: r.tenantId,
      actor: r.actor,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: (auditJson(r.before) ?? undefined) as never,
      after: (auditJson(r.after) ?? undefined) as never,
    },
  });
}
