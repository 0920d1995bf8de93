"use client";
import { useActionState } from "react";
import { CopyButton } from "@/components/copy-button";
import { FieldError, FormError } from "@/components/form-bits";
import { createApiKeyAction, type FormState } from "../../../actions";

export function CreateKeyForm({ tenant }: { tenant: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(createApiKeyAction, {
    ok: false,
    error: null,
    values: {},
  });
  return (
    <>
      {state.secret && (
        <div className="notice ok" role="status" data-testid="new-key">
          <p>
            <strong>Copy this key now.</strong> It is shown once; Spendline keeps only its hash.
          </p>
          <p className="secret" data-testid="new-key-value">
            {state.secret}
          </p>
          <CopyButton text={state.secret} label="Copy key" />
        </div>
      )}
      <form action={action}>
        <fieldset>
          <legend>New service API key</legend>
          <input type="hidden" name="tenant" value={tenant} />
          <FormError error={state.error} fields={["name"]} />
          <div className="grid-form">
            <label>
              Name
              <input
                name="name"
                required
                maxLength={120}
                placeholder="e.g. chat backend"
                defaultValue={state.error ? state.values.name : ""}
              />
              <FieldError error={state.error} field="name" />
            </label>
            <button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create key"}
            </button>
          </div>
        </fieldset>
      </form>
    </>
  );
}
