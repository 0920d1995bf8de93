// The retry loop with a stand-in fetch: what is retried, and that every attempt sends the very same body.
import { describe, expect, it } from "vitest";
import { SpendlineClient } from "../src/index.ts";

function fakeFetch(answers: (() => Response)[]) {
  const calls: { url: string; body: string }[] = [];
  const f = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), body: String(init?.body) });
    const next = answers[calls.length - 1];
    if (!next) throw new Error("no more answers");
    return next();
  }) as typeof fetch;
  return { f, calls };
}

const ok = () =>
  new Response(JSON.stringify({ data: { checkBudget: { allowed: true, budgets: [] } } }), { status: 200 });

describe("transport", () => {
  it("keeps a base URL's path prefix", async () => {
    const { f, calls } = fakeFetch([ok]);
    await new SpendlineClient({ url: "https://example.test/spendline", token: "t", tenant: "a", fetch: f }).checkBudget();
    expect(calls[0]!.url).toBe("https://example.test/spendline/graphql");
  });

  it("retries network errors, 5xx, 429 and SERVICE_UNAVAILABLE with the same body (so the same idempotency key)", async () => {
    const { f, calls } = fakeFetch([
      () => {
        throw new TypeError("fetch failed");
      },
      () => new Response("bad gateway", { status: 502 }),
      () => new Response("", { status: 429 }),
      () => new Response(JSON.stringify({ errors: [{ message: "db down", extensions: { code: "SERVICE_UNAVAILABLE" } }] })),
      () =>
        new Response(
          JSON.stringify({ data: { recordUsage: { recorded: true, allowed: true, duplicate: true, entry: {}, budgets: [] } } }),
        ),
    ]);
    const client = new SpendlineClient({ url: "http://x", token: "t", tenant: "a", fetch: f, retry: { attempts: 5, baseDelayMs: 1 } });
    const r = await client.recordUsage({ model: "m", inputTokens: 1, outputTokens: 1 });
    expect(r.attempts).toBe(5);
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
    expect(JSON.parse(calls[0]!.body).variables.input.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("does not retry an error answer the API gave on purpose", async () => {
    const { f, calls } = fakeFetch([
      () => new Response(JSON.stringify({ errors: [{ message: "no", extensions: { code: "FORBIDDEN" } }] })),
    ]);
    const client = new SpendlineClient({ url: "http://x", token: "t", tenant: "a", fetch: f, retry: { attempts: 5, baseDelayMs: 1 } });
    await expect(client.checkBudget()).rejects.toMatchObject({ code: "FORBIDDEN", attempts: 1 });
    expect(calls).toHaveLength(1);
  });
});
