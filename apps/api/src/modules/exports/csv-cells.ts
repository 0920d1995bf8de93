// How a value becomes a CSV cell. Every column is declared as text or number: numbers are written as they are
// (a negative adjustment stays numeric), text that a spreadsheet would read as a formula is neutralised.
export type ColumnKind = "text" | "number";

export interface Column {
  name: string;
  kind: ColumnKind;
}

/** Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** What a number column may hold: plain decimal notation, as PostgreSQL prints NUMERIC and BIGINT. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** A text cell, with a leading apostrophe when it would otherwise start a formula. */
export function textCell(value: string | null): string {
  if (value === null) return "";
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A number cell. Anything but plain decimal notation is a bug upstream, not something to write into the file. */
export function numberCell(value: string | null, column: string): string {
  if (value === null) return "";
  if (!PLAIN_NUMBER.test(value))
    throw new Error(`BUG: column ${column} got a non-number ${JSON.stringify(value.slice(0, 40))}`);
  return value;
}

/** One CSV record from raw column values (all strings or null, as selected with ::text), in column order. */
export function toRecord(columns: readonly Column[], values: readonly (string | null)[]): string[] {
  return columns.map((c, i) =>
    c.kind === "number" ? numberCell(values[i] ?? null, c.name) : textCell(values[i] ?? null),
  );
}
