// What the SDK throws. Over budget is data (`allowed: false`) unless the caller asks for an exception with
// onNotAllowed: "throw" — and even then the usage is recorded first.
import type { RecordUsageResult } from "./types.ts";

/** The API answered with an error (extensions.code, e.g. BAD_USER_INPUT), or could not be reached after retries. */
export class SpendlineError extends Error {
  constructor(
    message: string,
    /** The API's stable error code, or NETWORK_ERROR / HTTP_ERROR when no GraphQL answer came back. */
    readonly code: string,
    readonly status: number | null = null,
    readonly attempts = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SpendlineError";
  }
}

/**
 * Thrown by a record call with onNotAllowed: "throw" when a HARD budget is over its limit — AFTER the usage was
 * recorded. `result` is the full answer (entry, budgets); the spend is in the ledger whatever you do with it.
 */
export class BudgetExceededError extends Error {
  constructor(readonly result: RecordUsageResult) {
    const over = result.budgets.filter((b) => b.exceeded && b.budget.enforcement === "HARD").map((b) => b.budget.name);
    super(`Usage recorded (entry ${result.entry.id}); over the hard budget(s): ${over.join(", ") || "unknown"}.`);
    this.name = "BudgetExceededError";
  }
}
