// Finance exports over HTTP on a real database: the CSV adds up to the ledger exactly, is safe to open in a
// spreadsheet, round-trips through a standard CSV parser, and never shows one tenant's data to another.
import { parse } from "csv-parse/sync";
import { Decimal } from "@spendline/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEDGER_PAGE } from "../src/modules/exports/export-ledger.ts";
import { RECORD, SET_BUDGET, startTestApi, type TestApi } from "./testkit.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

async function download(path: string, token: string | null = api.adminToken) {
  const res = await fetch(`${api.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString("utf8") };
}

function csvRecords(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true, skip_empty_lines: false }) as Record<string, string>[];
}

async function record(token: string, tenant: string, fields: Record<string, unknown>) {
  const r = await api.gql(
    RECORD,
    { i: { tenant, model: "m-1", provider: "p", inputTokens: 100, outputTokens: 10, ...fields } },
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data.recordUsage;
}

async function ledgerTotals(tenantId: string | null, from: string, to: string) {
  const [row] = await api.db.prisma.$queryRawUnsafe<{ n: string; cost: string }[]>(
    `SELECT COUNT(*)::text AS n, COALESCE(SUM(cost_usd), 0)::text AS cost FROM ledger_entries
     WHERE ($1::uuid IS NULL OR tenant_id = $1::uuid) AND occurred_at >= $2::timestamptz AND occurred_at < $3::timestamptz`,
    tenantId,
    from,
    to,
  );
  return { rows: Number(row!.n), cost: new Decimal(row!.cost) };
}

const sumCost = (rows: Record<string, string>[]) =>
  rows.reduce((s, r) => s.plus(r.cost_usd || "0"), new Decimal(0));

describe("GET /exports/ledger.csv", () => {
  it("adds up to the ledger exactly, across keyset pages with tied occurred_at, on one tenant and on all", async () => {
    const a = await api.tenant();
    const b = await api.tenant();
    // Bulk rows straight into the ledger: more than two pages, 7 rows per instant so ties straddle page edges,
    // costs with all 18 fractional digits, every 11th row unpriced.
    const n = LEDGER_PAGE * 2 + 345;
    for (const t of [a, b]) {
      await api.db.prisma.$executeRawUnsafe(
        `INSERT INTO ledger_entries (tenant_id, id, request_hash, model, provider, input_tokens, output_tokens,
           cost_usd, cost_source, occurred_at, allowed, decision)
         SELECT $1::uuid, gen_random_uuid(), 'h' || g, 'bulk-model', 'bulk', g, 1,
           CASE WHEN g % 11 = 0 THEN NULL ELSE (g * 1.000000000000000007)::numeric(38,18) END,
           (CASE WHEN g % 11 = 0 THEN 'UNPRICED' ELSE 'REPORTED' END)::"CostSource",
           '2026-11-01T00:00:00Z'::timestamptz + (g / 7) * interval '1 second', true, '[]'::jsonb
         FROM generate_series(1, $2::int) g`,
        t.id,
        n,
      );
    }
    const from = "2026-11-01T00:00:00Z";
    // Cut off the tail (the filter is applied, not just "everything") but keep more than two pages.
    const cutSeconds = Math.ceil((LEDGER_PAGE * 2 + 100) / 7);
    const to = new Date(Date.parse(from) + cutSeconds * 1000).toISOString().replace(".000Z", "Z");
    const one = await download(`/exports/ledger.csv?tenant=${a.slug}&from=${from}&to=${to}`);
    expect(one.status).toBe(200);
    const rows = csvRecords(one.text);
    const expected = await ledgerTotals(a.id, from, to);
    expect(expected.rows).toBeGreaterThan(LEDGER_PAGE * 2);
    expect(expected.rows).toBeLessThan(n);
    expect(rows.length).toBe(expected.rows);
    expect(sumCost(rows).equals(expected.cost)).toBe(true);
    expect(new Set(rows.map((r) => r.entry_id)).size).toBe(rows.length);
    expect(rows.every((r) => r.tenant_slug === a.slug)).toBe(true);
    expect(rows.filter((r) => r.cost_source === "UNPRICED").every((r) => r.cost_usd === "")).toBe(true);

    const all = await download(`/exports/ledger.csv?from=${from}&to=${to}`);
    const allRows = csvRecords(all.text);
    const allExpected = await ledgerTotals(null, from, to);
    expect(allRows.length).toBe(allExpected.rows);
    expect(sumCost(allRows).equals(allExpected.cost)).toBe(true);
    expect(new Set(allRows.map((r) => r.tenant_slug))).toEqual(new Set([a.slug, b.slug].sort()));
    expect(all.headers.get("content-disposition")).toBe(
      `attachment; filename="spendline-ledger_all-tenants_20261101T000000Z_${to.replace(/[-:]/g, "")}.csv"`,
    );
  });

  it("writes every documented column, exact decimals and microsecond UTC instants, from usage recorded via the API", async () => {
    const t = await api.tenant();
    const rec = await record(t.key, t.slug, {
      costUsd: "123456789.123456789012345678",
      occurredAt: "2026-11-05T10:20:30.123Z",
      idempotencyKey: "k-1",
      cacheReadTokens: 40,
      cacheWriteTokens: 5,
      reasoningTokens: 3,
      metadata: { team: "search" },
    });
    const res = await download(`/exports/ledger.csv?tenant=${t.slug}&from=2026-11-05&to=2026-11-06`);
    const [header] = res.text.split("\r\n");
    expect(header).toBe(
      "entry_id,recorded_at,occurred_at,tenant_slug,tenant_name,provider,model,input_tokens,output_tokens," +
        "cache_read_tokens,cache_write_tokens,reasoning_tokens,cost_usd,cost_source,allowed,idempotency_key," +
        "api_key_name,metadata",
    );
    expect(csvRecords(res.text)).toEqual([
      {
        entry_id: rec.entry.id,
        recorded_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
        occurred_at: "2026-11-05T10:20:30.123000Z",
        tenant_slug: t.slug,
        tenant_name: `Tenant ${t.slug}`,
        provider: "p",
        model: "m-1",
        input_tokens: "100",
        output_tokens: "10",
        cache_read_tokens: "40",
        cache_write_tokens: "5",
        reasoning_tokens: "3",
        cost_usd: "123456789.123456789012345678",
        cost_source: "REPORTED",
        allowed: "true",
        idempotency_key: "k-1",
        api_key_name: "test",
        metadata: '{"team": "search"}',
      },
    ]);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="spendline-ledger_${t.slug}_2026-11-05_2026-11-06.csv"`,
    );
    expect(res.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const withBom = await download(
      `/exports/ledger.csv?tenant=${t.slug}&from=2026-11-05&to=2026-11-06&bom=1`,
    );
    expect(withBom.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(withBom.bytes.subarray(3).equals(res.bytes)).toBe(true);
  });

  it("neutralises formulas in text cells, keeps negative numbers numeric, and round-trips quotes, commas and newlines", async () => {
    const evil = '=HYPERLINK("http://x","y")';
    // Named so through the API (tenant rows are also cached for a few seconds per process, so a name changed
    // behind the API's back would not be what this test exercises).
    const slug = `evil-${process.pid}`;
    const created = await api.gql(`mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`, {
      i: { slug, name: evil },
    });
    const key = await api.gql(`mutation($t: String!) { createApiKey(tenant: $t, name: "k") { key } }`, { t: slug });
    const t = { slug, id: created.data.createTenant.id as string, key: key.data.createApiKey.key as string };
    const metadata = { note: 'he said "hi", then\r\nleft,\n"twice"', "a,b": "=1+2", tab: "\tx" };
    await record(t.key, t.slug, {
      costUsd: "0.5",
      occurredAt: "2026-11-07T00:00:00Z",
      metadata,
      idempotencyKey: "-2+3",
    });
    await record(t.key, t.slug, {
      costUsd: "0.25",
      occurredAt: "2026-11-07T00:00:01Z",
      idempotencyKey: "@SUM(A1)",
    });
    // A negative adjustment written straight to the ledger (the API does not take negative costs today).
    await api.db.prisma.$executeRawUnsafe(
      `INSERT INTO ledger_entries (tenant_id, id, request_hash, model, provider, input_tokens, output_tokens,
         cost_usd, cost_source, occurred_at, allowed, decision)
       VALUES ($1::uuid, gen_random_uuid(), 'adj', '+model', '-provider', 0, 0, -0.125, 'REPORTED',
         '2026-11-07T00:00:02Z', true, '[]')`,
      t.id,
    );
    const res = await download(`/exports/ledger.csv?tenant=${t.slug}&from=2026-11-07&to=2026-11-08`);
    const rows = csvRecords(res.text);
    expect(rows.map((r) => r.tenant_name)).toEqual([`'${evil}`, `'${evil}`, `'${evil}`]);
    expect(rows.map((r) => r.idempotency_key)).toEqual(["'-2+3", "'@SUM(A1)", ""]);
    expect(rows[2]).toMatchObject({
      model: "'+model",
      provider: "'-provider",
      cost_usd: "-0.125",
      input_tokens: "0",
    });
    expect(JSON.parse(rows[0]!.metadata!)).toEqual(metadata);
    expect(sumCost(rows).toFixed()).toBe("0.625");
    // No raw cell in the file starts a formula: every such cell is quoted text beginning with an apostrophe.
    expect(res.text).not.toMatch(/(^|,)[=+@]/m);
  });
});

describe("GET /exports/daily-summary.csv", () => {
  it("groups by the tenant's local day (or UTC on request) and counts spend over a HARD cap from the decision snapshot", async () => {
    const t = await api.tenant({ timezone: "America/New_York" });
    const budget = await api.gql(SET_BUDGET, {
      i: { tenant: t.slug, name: "daily", period: "DAY", limitCostUsd: "1.00" },
    });
    expect(budget.errors).toBeUndefined();
    // Local day 2026-11-20 (UTC-5): 0.6 allowed; 0.6 crosses the cap by 0.2; 0.5 is wholly over; an unpriced call
    // while over adds no dollars; the last one is at 2026-11-21T03:00Z = still the 20th in New York.
    const day = [
      ["0.6", "2026-11-20T15:00:00Z"],
      ["0.6", "2026-11-20T16:00:00Z"],
      ["0.5", "2026-11-20T17:00:00Z"],
      [null, "2026-11-20T18:00:00Z"],
      ["0.000000000000000001", "2026-11-21T03:00:00Z"],
    ] as const;
    for (const [costUsd, occurredAt] of day)
      await record(t.key, t.slug, { ...(costUsd ? { costUsd } : {}), occurredAt });
    // The next local day starts a new window: under the cap again.
    await record(t.key, t.slug, { costUsd: "0.3", occurredAt: "2026-11-21T12:00:00Z" });

    const local = await download(
      `/exports/daily-summary.csv?tenant=${t.slug}&from=2026-11-20&to=2026-11-22`,
      t.key,
    );
    expect(local.status).toBe(200);
    expect(local.text.split("\r\n")[0]).toBe(
      "day,timezone,tenant_slug,tenant_name,calls,input_tokens,output_tokens,total_tokens,cost_usd,unpriced_calls," +
        "over_hard_cap_cost_usd,blocked_calls",
    );
    const rows = csvRecords(local.text);
    expect(rows).toEqual([
      {
        day: "2026-11-20",
        timezone: "America/New_York",
        tenant_slug: t.slug,
        tenant_name: `Tenant ${t.slug}`,
        calls: "5",
        input_tokens: "500",
        output_tokens: "50",
        total_tokens: "550",
        cost_usd: "1.700000000000000001",
        unpriced_calls: "1",
        over_hard_cap_cost_usd: "0.700000000000000001",
        blocked_calls: "4",
      },
      expect.objectContaining({
        day: "2026-11-21",
        calls: "1",
        cost_usd: "0.3",
        over_hard_cap_cost_usd: "0",
        blocked_calls: "0",
      }),
    ]);
    expect(local.headers.get("content-disposition")).toBe(
      `attachment; filename="spendline-daily-summary_${t.slug}_2026-11-20_2026-11-22_tenant-tz.csv"`,
    );

    const utc = csvRecords(
      (await download(`/exports/daily-summary.csv?tenant=${t.slug}&from=2026-11-20&to=2026-11-22&tz=UTC`))
        .text,
    );
    expect(utc.map((r) => [r.day, r.timezone, r.calls, r.cost_usd])).toEqual([
      ["2026-11-20", "UTC", "4", "1.7"],
      ["2026-11-21", "UTC", "2", "0.300000000000000001"],
    ]);
    // The admin's all-tenants summary holds the same rows for this tenant.
    const everyone = csvRecords(
      (await download(`/exports/daily-summary.csv?from=2026-11-20&to=2026-11-22&tz=UTC`)).text,
    );
    expect(everyone.filter((r) => r.tenant_slug === t.slug)).toEqual(utc);
    // Both views add up to the same ledger total for the instants they cover.
    const total = await ledgerTotals(t.id, "2026-11-20T00:00:00Z", "2026-11-22T00:00:00Z");
    expect(sumCost(utc).equals(total.cost)).toBe(true);
  });
});

describe("export access and parameters", () => {
  it("a service key exports its own tenant only; another tenant is FORBIDDEN whether it exists or not", async () => {
    const a = await api.tenant();
    const b = await api.tenant();
    await record(b.key, b.slug, { costUsd: "9.99", occurredAt: "2026-11-10T00:00:00Z" });
    await record(a.key, a.slug, { costUsd: "1.11", occurredAt: "2026-11-10T00:00:00Z" });
    const q = "from=2026-11-10&to=2026-11-11";
    for (const path of ["ledger.csv", "daily-summary.csv"]) {
      for (const tenant of [b.slug, "no-such-tenant", ""]) {
        const res = await download(`/exports/${path}?${q}${tenant ? `&tenant=${tenant}` : ""}`, a.key);
        if (!tenant) {
          // No tenant named: the key's own tenant, never "all".
          expect(res.status).toBe(200);
          expect(csvRecords(res.text).map((r) => r.tenant_slug)).toEqual([a.slug]);
          expect(res.text).not.toContain(b.slug);
          continue;
        }
        expect(res.status).toBe(403);
        expect(JSON.parse(res.text).errors[0].extensions.code).toBe("FORBIDDEN");
        expect(res.text).not.toContain("9.99");
      }
    }
    const missing = await download(`/exports/ledger.csv?${q}&tenant=no-such-tenant`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).errors[0].extensions.code).toBe("NOT_FOUND");
  });

  it("answers bad requests with JSON errors and stable codes before writing any CSV", async () => {
    const cases: [string, number, string, string?][] = [
      ["/exports/ledger.csv?to=2026-11-02", 400, "BAD_USER_INPUT", "from"],
      ["/exports/ledger.csv?from=2026-11-02&to=2026-11-01", 400, "BAD_USER_INPUT", "to"],
      ["/exports/ledger.csv?from=2026-11-01&to=2026-11-01", 400, "BAD_USER_INPUT", "to"],
      ["/exports/ledger.csv?from=2026-02-30&to=2026-03-02", 400, "BAD_USER_INPUT", "from"],
      ["/exports/ledger.csv?from=yesterday&to=2026-03-02", 400, "BAD_USER_INPUT", "from"],
      ["/exports/ledger.csv?from=2026-11-01T00:00:00&to=2026-11-02", 400, "BAD_USER_INPUT", "from"],
      ["/exports/ledger.csv?from=2026-11-01&to=2026-11-02&tenants=x", 400, "BAD_USER_INPUT", "tenants"],
      ["/exports/ledger.csv?from=2026-11-01&to=2026-11-02&from=2026-10-01", 400, "BAD_USER_INPUT", "from"],
      ["/exports/ledger.csv?from=2026-11-01&to=2026-11-02&bom=yes", 400, "BAD_USER_INPUT", "bom"],
      ["/exports/ledger.csv?from=2026-11-01&to=2026-11-02&tz=UTC", 400, "BAD_USER_INPUT", "tz"],
      ["/exports/daily-summary.csv?from=2026-11-01&to=2026-11-02&tz=Mars", 400, "BAD_USER_INPUT", "tz"],
      ["/exports/daily-summary.csv?from=2026-11-01T00:00:00Z&to=2026-11-02", 400, "BAD_USER_INPUT", "from"],
      ["/exports/nothing.csv?from=2026-11-01&to=2026-11-02", 404, "NOT_FOUND"],
    ];
    for (const [path, status, code, field] of cases) {
      const res = await download(path);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      const err = JSON.parse(res.text).errors[0];
      expect({ path, code: err.extensions.code, field: err.extensions.field }).toEqual({ path, code, field });
    }
    const anonymous = await download("/exports/ledger.csv?from=2026-11-01&to=2026-11-02", null);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const post = await fetch(`${api.url}/exports/ledger.csv?from=2026-11-01&to=2026-11-02`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.adminToken}` },
    });
    expect(post.status).toBe(400);
  });
});
