import { notFound } from "next/navigation";
import { gql } from "@/lib/api";
import { dateTime } from "@/lib/format";
import { requireMe } from "@/lib/me";
import { deactivateUserAction, setUserRoleAction } from "../actions";
import { CreateUserForm } from "./create-user-form";

interface User {
  id: string;
  email: string;
  name: string;
  role: string;
  createdAt: string;
  active: boolean;
}

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<{ saved?: string; error?: string }>;
}) {
  const me = await requireMe();
  if (me.role !== "ADMIN") notFound();
  const sp = await searchParams;
  const { users } = await gql<{ users: User[] }>(`{ users { id email name role createdAt active } }`);
  return (
    <>
      <h1>Users</h1>
      <p className="sub">Changing a role or deactivating a user ends their sessions at once.</p>
      {sp.saved && (
        <p className="notice ok" role="status">
          Saved.
        </p>
      )}
      {sp.error && (
        <p className="notice error" role="alert">
          {sp.error}
        </p>
      )}
      <div className="table-wrap">
        <table data-testid="users-table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Created (UTC)</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.email}</th>
                <td>{u.name}</td>
                <td>
                  <form action={setUserRoleAction} className="inline">
                    <input type="hidden" name="id" value={u.id} />
                    <select
                      name="role"
                      defaultValue={u.role}
                      aria-label={`Role of ${u.email}`}
                      disabled={!u.active}
                    >
                      <option value="VIEWER">viewer</option>
                      <option value="FINANCE">finance</option>
                      <option value="ADMIN">admin</option>
                    </select>{" "}
                    {u.active && (
                      <button type="submit" className="secondary">
                        Change role
                      </button>
                    )}
                  </form>
                </td>
                <td>{dateTime(u.createdAt, "UTC")}</td>
                <td>
                  {u.active ? (
                    <span className="badge ok">active</span>
                  ) : (
                    <span className="badge muted">deactivated</span>
                  )}
                </td>
                <td>
                  {u.active && u.id !== me.id && (
                    <form action={deactivateUserAction} className="inline">
                      <input type="hidden" name="id" value={u.id} />
                      <button type="submit" className="danger" aria-label={`Deactivate ${u.email}`}>
                        Deactivate
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CreateUserForm />
    </>
  );
}
