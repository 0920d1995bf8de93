import { gql } from "@/lib/api";
import { dateTime } from "@/lib/format";
import { canEdit, requireMe } from "@/lib/me";
import { revokeApiKeyAction } from "../../../actions";
import { CreateKeyForm } from "./create-key-form";

interface Key {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export default async function KeysPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ revoked?: string; error?: string }>;
}) {
  const me = await requireMe();
  const { slug } = await params;
  const sp = await searchParams;
  const { tenant } = await gql<{ tenant: { timezone: string; apiKeys: Key[] } }>(
    `query($t: String!) { tenant(slug: $t) { timezone apiKeys { id name prefix createdAt lastUsedAt revokedAt } } }`,
    { t: slug },
  );
  const editable = canEdit(me);
  return (
    <>
      <h2>API keys</h2>
      <p className="sub">
        Service keys record usage for this tenant only. Listed by prefix: the keys themselves are never
        stored.
      </p>
      {sp.revoked && (
        <p className="notice ok" role="status">
          Key revoked.
        </p>
      )}
      {sp.error && (
        <p className="notice error" role="alert">
          {sp.error}
        </p>
      )}
      {editable && <CreateKeyForm tenant={slug} />}
      {tenant.apiKeys.length === 0 ? (
        <div className="empty">No API keys yet.</div>
      ) : (
        <div className="table-wrap">
          <table data-testid="keys-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Created ({tenant.timezone})</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
                {editable && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {tenant.apiKeys.map((k) => (
                <tr key={k.id}>
                  <th scope="row">{k.name}</th>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{dateTime(k.createdAt, tenant.timezone)}</td>
                  <td>{k.lastUsedAt ? dateTime(k.lastUsedAt, tenant.timezone) : "never"}</td>
                  <td>
                    {k.revokedAt ? (
                      <span className="badge muted">revoked</span>
                    ) : (
                      <span className="badge ok">active</span>
                    )}
                  </td>
                  {editable && (
                    <td>
                      {!k.revokedAt && (
                        <form action={revokeApiKeyAction} className="inline">
                          <input type="hidden" name="tenant" value={slug} />
                          <input type="hidden" name="id" value={k.id} />
                          <button
                            type="submit"
                            className="danger"
                            aria-label={`Revoke key ${k.name} (${k.prefix})`}
                          >
                            Revoke
                          </button>
                        </form>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
