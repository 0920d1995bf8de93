// NODE_ENV=production settings: no introspection, no stack traces, unknown errors without internals.
import crypto from "node:crypto";
import { openDatabase } from "@spendline/db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "../src/index.ts";
import { createLogger } from "../src/logger.ts";
import { freshTarget } from "./testkit.ts";

let server: ApiServer;
let cleanup: () => Promise<void>;
const adminToken = `prod-${crypto.randomBytes(8).toString("hex")}`;

beforeAll(async () => {
  const { target, drop } = await freshTarget();
  const db = await openDatabase({ target });
  server = await startApiServer({ db, adminToken, log: createLogger("silent"), production: true });
  cleanup = async () => {
    await server.close();
    await db.close();
    await drop();
  };
});
afterAll(async () => cleanup?.());

async function gql(query: string, variables?: unknown) {
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, text: await res.text() };
}

it("introspection is off in production", async () => {
  const r = await gql("{ __schema { types { name } } }");
  expect(r.text).toMatch(/introspection is not allowed/i);
  expect(r.text).not.toMatch(/RecordUsageInput/);
});

it("errors carry no stack trace in production", async () => {
  const r = await gql(`mutation { recordUsage(input: { tenant: "nope", model: "m", inputTokens: -1, outputTokens: 1 }) { recorded } }`);
  expect(r.text).toMatch(/NOT_FOUND|BAD_USER_INPUT/);
  expect(r.text).not.toMatch(/stacktrace|node_modules|\.ts:\d+/);
});
