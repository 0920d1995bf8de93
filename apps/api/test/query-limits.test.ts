// Hostile query shapes are refused before they run, quickly, with a clear message; production hides the schema and
// never leaks a stack trace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ALIASES, MAX_DEPTH, MAX_FIELDS } from "../src/graphql/query-limits.ts";
import { startTestApi, type TestApi } from "./testkit.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

async function post(body: unknown, token: string | null = api.adminToken) {
  const res = await fetch(`${api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe("query limits", () => {
  it("refuses a query nested deeper than the limit", async () => {
    // budget -> status -> budget -> status ... nests as deep as one likes.
    let sel = "id";
    for (let i = 0; i < 6; i++) sel = `status { budget { ${sel} } }`;
    const r = await api.gql(`{ tenants { budgets { ${sel} } } }`);
    expect(r.errors?.[0]?.message).toMatch(new RegExp(`nested \\d+ levels deep; the limit is ${MAX_DEPTH}`));
    expect(r.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("refuses more fields than the limit", async () => {
    const many = Array.from({ length: MAX_FIELDS + 1 }, (_, i) => `f${i}: health`).join(" ");
    const r = await api.gql(`{ ${many} }`);
    expect(r.errors?.map((e) => e.message).join(" ")).toMatch(/the limit is/);
    expect(r.data).toBeUndefined();
  });

  // Regression: the aliases of one field multiply its work (e.g. 200 recordUsage or checkBudget in one request).
  it("refuses more aliases than the limit", async () => {
    const aliased = Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `a${i}: health`).join(" ");
    const r = await api.gql(`{ ${aliased} }`);
    expect(r.errors?.[0]?.message).toMatch(new RegExp(`aliases; the limit is ${MAX_ALIASES}`));
    const ok = await api.gql(`{ ${Array.from({ length: MAX_ALIASES }, (_, i) => `a${i}: health`).join(" ")} }`);
    expect(ok.errors).toBeUndefined();
  });

  // Regression (hung the server before the fix): each spread of a fragment was walked again, so 2^40 walks for a 40-line query hung the validator.
  it("an exponential fragment fan-out is refused in well under a second", async () => {
    const levels = 40;
    const frags = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Query { health }` : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    ).join("\n");
    const t0 = Date.now();
    const r = await api.gql(`query { ...F0 }\n${frags}`);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.errors?.[0]?.message).toMatch(/the limit is/);
  });

  it("refuses a query of too many tokens before parsing it all", async () => {
    const r = await api.gql(`{ ${"health ".repeat(20_000)} }`);
    expect(r.errors?.[0]?.message).toMatch(/more that 10000 tokens/);
  });

  it("batched requests (a JSON array) are refused", async () => {
    const r = await post([{ query: "{ health }" }, { query: "{ health }" }]);
    expect(r.status).toBe(400);
  });

  it("an oversized body is refused with 413 PAYLOAD_TOO_LARGE", async () => {
    const r = await post({ query: "{ health }", variables: { pad: "x".repeat(1024 * 1024 + 10) } });
    expect(r.status).toBe(413);
    expect(r.body.errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("a syntax error answers a clean 400 without a stack trace", async () => {
    const r = await post({ query: "{ health " });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });
});
