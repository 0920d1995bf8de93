"use client";
// Create or edit a budget. Amounts stay the strings typed; the server action and then the API validate them.
import { useActionState } from "react";
import { FieldError, FormError } from "@/components/form-bits";
import { saveBudgetAction, type FormState } from "../../actions";

export interface BudgetFields {
  id: string;
  name: string;
  period: string;
  limitCostUsd: string | null;
  limitTokens: string | null;
  enforcement: string;
  enabled: boolean;
  startsAt: string | null;
}

const FIELDS = ["name", "period", "limitCostUsd", "limitTokens", "enforcement"];

export function BudgetForm({ tenant, budget }: { tenant: string; budget?: BudgetFields }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveBudgetAction, {
    ok: false,
    error: null,
    values: {},
  });
  const failed = state.error ? state.values : null;
  const v = {
    name: failed?.name ?? budget?.name ?? "",
    period: failed?.period ?? budget?.period ?? "DAY",
    limitCostUsd: failed?.limitCostUsd ?? budget?.limitCostUsd ?? "",
    limitTokens: failed?.limitTokens ?? budget?.limitTokens ?? "",
    enforcement: failed?.enforcement ?? budget?.enforcement ?? "HARD",
    enabled: failed ? failed.enabled === "on" : (budget?.enabled ?? true),
  };
  const err = state.error;
  return (
    <form action={action} id="budget-form" key={budget?.id ?? "new"}>
      <fieldset>
        <legend>{budget ? `Edit budget “${budget.name}”` : "New budget"}</legend>
        <input type="hidden" name="tenant" value={tenant} />
        {budget && <input type="hidden" name="id" value={budget.id} />}
        {budget?.startsAt && <input type="hidden" name="startsAt" value={budget.startsAt} />}
        <FormError error={err} fields={FIELDS} />
        <div className="grid-form">
          <label>
            Name
            <input
              name="name"
              required
              maxLength={120}
              defaultValue={v.name}
              aria-invalid={err?.field === "name"}
              aria-describedby="name-error"
            />
            <FieldError error={err} field="name" />
          </label>
          <label>
            Period
            <select name="period" defaultValue={v.period}>
              <option value="DAY">Daily</option>
              <option value="WEEK">Weekly (from Monday)</option>
              <option value="MONTH">Monthly</option>
              <option value="TOTAL">Total</option>
            </select>
          </label>
          <label>
            Limit (USD)
            <input
              name="limitCostUsd"
              inputMode="decimal"
              placeholder="e.g. 0.10"
              defaultValue={v.limitCostUsd}
              aria-invalid={err?.field === "limitCostUsd"}
              aria-describedby="limitCostUsd-error"
            />
            <FieldError error={err} field="limitCostUsd" />
          </label>
          <label>
            Limit (tokens)
            <input
              name="limitTokens"
              inputMode="numeric"
              placeholder="optional"
              defaultValue={v.limitTokens}
              aria-invalid={err?.field === "limitTokens"}
              aria-describedby="limitTokens-error"
            />
            <FieldError error={err} field="limitTokens" />
          </label>
          <label>
            Enforcement
            <select name="enforcement" defaultValue={v.enforcement}>
              <option value="HARD">HARD: allowed becomes false over the cap</option>
              <option value="SOFT">SOFT: reported only</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" name="enabled" defaultChecked={v.enabled} /> Enabled
          </label>
          <button type="submit" disabled={pending}>
            {pending ? "Saving…" : budget ? "Save changes" : "Create budget"}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
