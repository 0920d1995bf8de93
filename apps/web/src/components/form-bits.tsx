import type { ApiErrorInfo } from "@/lib/api";

/** An API or validation error: next to its field when it names one, else above the form. */
export function FieldError({ error, field }: { error: ApiErrorInfo | null; field: string }) {
  if (!error || error.field !== field) return null;
  return (
    <span className="field-error" id={`${field}-error`} role="alert">
      {error.message}
    </span>
  );
}

export function FormError({ error, fields }: { error: ApiErrorInfo | null; fields: string[] }) {
  if (!error || (error.field && fields.includes(error.field))) return null;
  return (
    <p className="notice error" role="alert">
      {error.message}
    </p>
  );
}
