"use client";
import { useActionState } from "react";
import { FieldError, FormError } from "@/components/form-bits";
import { createTenantAction, type FormState } from "./actions";

export function CreateTenantForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(createTenantAction, {
    ok: false,
    error: null,
    values: {},
  });
  const v = state.values;
  return (
    <form action={action}>
      <fieldset>
        <legend>New tenant</legend>
        <FormError error={state.error} fields={["slug", "name", "timezone"]} />
        <div className="grid-form">
          <label>
            Slug
            <input
              name="slug"
              required
              pattern="[a-z0-9][a-z0-9\-]{1,62}"
              defaultValue={v.slug}
              aria-describedby="slug-hint slug-error"
            />
            <span id="slug-hint" className="sub" style={{ margin: 0, fontWeight: 400 }}>
              lower-case letters, digits, dashes
            </span>
            <FieldError error={state.error} field="slug" />
          </label>
          <label>
            Name
            <input name="name" required defaultValue={v.name} />
            <FieldError error={state.error} field="name" />
          </label>
          <label>
            Timezone (IANA)
            <input name="timezone" defaultValue={v.timezone ?? "UTC"} placeholder="Europe/Amsterdam" />
            <FieldError error={state.error} field="timezone" />
          </label>
          <button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create tenant"}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
