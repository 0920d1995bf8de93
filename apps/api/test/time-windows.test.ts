// Windows in the tenant's IANA timezone, through the API: a usage belongs to the window of its occurredAt, in the
// tenant's local calendar; impossible or absurd timestamps are refused and write nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORD, SET_BUDGET, ledgerAudit, startTestApi, type TestApi } from "./testkit.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const usage = (tenant: string, occurredAt: string, costUsd: string) => ({
  tenant,
  model: "gpt-4o",
  inputTokens: 100,
  outputTokens: 10,
  costUsd,
  occurredAt,
});

describe("calendar windows in the tenant's timezone", () => {
  it("Asia/Tokyo: a daily cap exhausted on the 31st; 00:30 local on the 1st records into a fresh window", async () => {
    const t = await api.tenant({ timezone: "Asia/Tokyo" });
    await api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "day", period: "DAY", limitCostUsd: "1" } });
    await api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "month", period: "MONTH", limitCostUsd: "100" } });

    const late = await api.gql(RECORD, { i: usage(t.slug, "2026-10-31T23:10:00+09:00", "1.5") }, t.key);
    expect(late.data.recordUsage).toMatchObject({ recorded: true, allowed: false });

    // 00:30 on 1 November in Tokyo is still 31 October in UTC: the window is Tokyo's day, not UTC's.
    const next = await api.gql(RECORD, { i: usage(t.slug, "2026-11-01T00:30:00+09:00", "0.5") }, t.key);
    const r = next.data.recordUsage;
    expect(r).toMatchObject({ recorded: true, allowed: true });
    const day = r.budgets.find((b: any) => b.budget.name === "day");
    expect(day).toMatchObject({ windowStart: "2026-10-31T15:00:00.000Z", windowEnd: "2026-11-01T15:00:00.000Z", usedCostUsd: "0.5", exceeded: false });
    const month = r.budgets.find((b: any) => b.budget.name === "month");
    expect(month).toMatchObject({ windowStart: "2026-10-31T15:00:00.000Z", usedCostUsd: "0.5" });

    // A late report of the 31st still lands in the 31st's window (now 1.7 of 1), not in the 1st's.
    const straggler = await api.gql(RECORD, { i: usage(t.slug, "2026-10-31T12:00:00Z", "0.2") }, t.key);
    const d31 = straggler.data.recordUsage.budgets.find((b: any) => b.budget.name === "day");
    expect(d31).toMatchObject({ windowStart: "2026-10-30T15:00:00.000Z", usedCostUsd: "1.7", exceeded: true });
    expect(straggler.data.recordUsage.allowed).toBe(false);
    expect((await ledgerAudit(api.db, t.id)).counterMismatches).toEqual([]);
  });

  it("Europe/Amsterdam: the spring-forward day is a 23-hour window", async () => {
    const t = await api.tenant({ timezone: "Europe/Amsterdam" });
    await api.gql(SET_BUDGET, { i: { tenant: t.slug, name: "day", period: "DAY", limitCostUsd: "1" } });
    const r = await api.gql(RECORD, { i: usage(t.slug, "2026-03-29T23:30:00+02:00", "0.1") }, t.key);
    expect(r.data.recordUsage.budgets[0]).toMatchObject({ windowStart: "2026-03-28T23:00:00.000Z", windowEnd: "2026-03-29T22:00:00.000Z" });
  });
});

describe("absurd timestamps are refused and write nothing", () => {
  const cases = [
    ["an hour in the future", () => new Date(Date.now() + 3_600_000).toISOString()],
    ["the year 9999", () => "9999-12-31T23:59:59Z"],
    ["beyond JavaScript's range", () => "+275760-09-13T00:00:00Z"],
    ["the epoch", () => "1970-01-01T00:00:00Z"],
    // Regression: JavaScript rolls 30 February over to 2 March, so the usage landed in March's window.
    ["30 February", () => "2026-02-30T10:00:00Z"],
    ["31 April", () => "2026-04-31T10:00:00+09:00"],
    ["hour 24", () => "2026-01-01T24:00:00Z"],
    ["no timezone", () => "2026-01-01T10:00:00"],
  ] as const;
  it.each(cases)("%s", async (_name, at) => {
    const t = await api.tenant();
    const r = await api.gql(RECORD, { i: usage(t.slug, at(), "0.1") }, t.key);
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await ledgerAudit(api.db, t.id)).rows).toBe(0);
  });
});
