export * from "./errors.ts";
export * from "./money.ts";
export * from "./windows.ts";
export * from "./usage.ts";
export * from "./budget.ts";
