"use client";
import { useActionState } from "react";
import { FieldError, FormError } from "@/components/form-bits";
import { createUserAction, type FormState } from "../actions";

export function CreateUserForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(createUserAction, {
    ok: false,
    error: null,
    values: {},
  });
  const v = state.error ? state.values : {};
  return (
    <form action={action} key={state.ok ? Math.random() : "form"}>
      <fieldset>
        <legend>Invite a user</legend>
        {state.ok && (
          <p className="notice ok" role="status">
            User created. Give them their initial password out of band.
          </p>
        )}
        <FormError error={state.error} fields={["email", "name", "role", "password"]} />
        <div className="grid-form">
          <label>
            Email
            <input name="email" type="email" required defaultValue={v.email} />
            <FieldError error={state.error} field="email" />
          </label>
          <label>
            Name
            <input name="name" required defaultValue={v.name} />
            <FieldError error={state.error} field="name" />
          </label>
          <label>
            Role
            <select name="role" defaultValue={v.role ?? "VIEWER"}>
              <option value="VIEWER">Viewer: reads dashboards</option>
              <option value="FINANCE">Finance: reads everything, exports</option>
              <option value="ADMIN">Admin: everything</option>
            </select>
          </label>
          <label>
            Initial password
            <input name="password" type="password" required minLength={10} autoComplete="new-password" />
            <FieldError error={state.error} field="password" />
          </label>
          <button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create user"}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
