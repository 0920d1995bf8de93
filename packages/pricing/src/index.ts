export * from "./price-tokens.ts";
export * from "./catalog.ts";
