// Pure cost computation and row planning: no database.
import { describe, expect, it } from "vitest";
import { Decimal } from "@spendline/domain";
import { costOf, MODEL_PRICES, type ModelPrice } from "../src/replay/prices.ts";
import { demoTenants, idempotencyKeyFor, planRow, planTotals } from "../src/replay/plan.ts";
import { generateCaps } from "../src/replay/caps.ts";
import { readTraceFile } from "../src/replay/read-trace.ts";

const price = (model: string): ModelPrice => MODEL_PRICES.find((m) => m.model === model)!;
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe("costOf", () => {
  it("is exact: input x price + output x price, per million", () => {
    // 1234 x 2.50 / 1e6 + 56 x 10.00 / 1e6 = 0.003085 + 0.00056
    expect(costOf(price("gpt-4o"), 1234, 56).toFixed()).toBe("0.003645");
    expect(costOf(price("gpt-4o-mini"), 7, 3).toFixed()).toBe("0.00000285");
    expect(costOf(price("claude-sonnet-4"), 0, 0).toFixed()).toBe("0");
  });

  it("keeps every digit where a float would not", () => {
    // 2147483647 x 18 / 1e6 = 38654.705646 exactly; the largest token counts the API accepts.
    expect(costOf(price("claude-sonnet-4"), 2_147_483_647, 2_147_483_647).toFixed()).toBe("38654.705646");
    // 0.1 + 0.2 style drift: ten 1-token haiku outputs sum to exactly 0.00004.
    let total = new Decimal(0);
    for (let i = 0; i < 10; i++) total = total.plus(costOf(price("claude-3-5-haiku"), 0, 1));
    expect(total.toFixed()).toBe("0.00004");
    expect(0.000004 * 10).not.toBe(0.00004);
  });

  it("rejects token counts that are not whole and non-negative", () => {
    expect(() => costOf(price("gpt-4o"), -1, 0)).toThrow();
    expect(() => costOf(price("gpt-4o"), 1.5, 0)).toThrow();
  });
});

describe("planRow", () => {
  const tenants = demoTenants("p");
  const row = {
    fileName: "AzureLLMInferenceTrace_code.csv",
    line: 2,
    timestamp: "2023-11-16 18:17:03.9799600",
    inputTokens: 4808,
    outputTokens: 10,
  };

  it("derives the key from file name and line only, and the same row always plans identically", () => {
    expect(idempotencyKeyFor(row)).toBe("replay:AzureLLMInferenceTrace_code.csv:2");
    expect(planRow(row, tenants).payload).toEqual(planRow({ ...row }, tenants).payload);
    expect(planRow(row, tenants).payload).not.toHaveProperty("occurredAt");
    const p = planRow(row, tenants);
    expect(p.payload.costUsd).toBe(costOf(price(p.payload.model), 4808, 10).toFixed());
  });

  it("spreads the fixture over every tenant and every model", async () => {
    const file = await readTraceFile(fixture("trace-40.csv"));
    const planned = file.rows.map((r) => planRow(r, tenants));
    expect(new Set(planned.map((p) => p.payload.tenant)).size).toBe(4);
    expect(new Set(planned.map((p) => p.payload.model)).size).toBe(MODEL_PRICES.length);
    const totals = planTotals(tenants, planned);
    const sum = [...totals.values()].reduce((d, t) => d.plus(t.costUsd), new Decimal(0));
    expect(sum.equals(planned.reduce((d, p) => d.plus(p.payload.costUsd), new Decimal(0)))).toBe(true);
    expect([...totals.values()].reduce((n, t) => n + t.rows, 0)).toBe(40);
  });
});

describe("generateCaps", () => {
  it("puts the crossed caps below the planned spend and the others above it", async () => {
    const tenants = demoTenants("p");
    const file = await readTraceFile(fixture("trace-40.csv"));
    const plans = [
      ...planTotals(
        tenants,
        file.rows.map((r) => planRow(r, tenants)),
      ).values(),
    ];
    const caps = generateCaps(plans);
    const byName = (slug: string, name: string) => caps.find((c) => c.tenant === slug && c.name === name)!;
    const spend = (slug: string) => plans.find((p) => p.tenant.slug === slug)!.costUsd;
    expect(new Decimal(byName("p-acme", "daily hard cap").limitCostUsd!).lessThan(spend("p-acme"))).toBe(
      true,
    );
    expect(
      new Decimal(byName("p-globex", "daily hard cap").limitCostUsd!).greaterThan(spend("p-globex")),
    ).toBe(true);
    expect(
      new Decimal(byName("p-globex", "monthly soft cap").limitCostUsd!).lessThan(spend("p-globex")),
    ).toBe(true);
    expect(byName("p-globex", "monthly soft cap").enforcement).toBe("SOFT");
    const initech = plans.find((p) => p.tenant.slug === "p-initech")!;
    expect(
      BigInt(byName("p-initech", "daily token cap").limitTokens!) <
        initech.inputTokens + initech.outputTokens,
    ).toBe(true);
    expect(
      new Decimal(byName("p-umbrella", "total hard cap").limitCostUsd!).greaterThan(spend("p-umbrella")),
    ).toBe(true);
  });

  it("gives a tenant without rows a positive cap", () => {
    const caps = generateCaps([
      { tenant: demoTenants("p")[0]!, rows: 0, costUsd: new Decimal(0), inputTokens: 0n, outputTokens: 0n },
    ]);
    expect(caps[0]!.limitCostUsd).toBe("0.01");
  });
});
