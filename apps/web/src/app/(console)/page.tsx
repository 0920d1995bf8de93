// Tenants overview: spend today and this month against caps, for every tenant, with search and sort.
import Link from "next/link";
import { Sparkline } from "@/components/sparkline";
import { gql } from "@/lib/api";
import { compareDecimal } from "@/lib/decimal";
import { usd } from "@/lib/format";
import { canEdit, requireMe } from "@/lib/me";
import { CreateTenantForm } from "./create-tenant-form";

interface SpendWindow {
  costUsd: string;
  capUsd: string | null;
  capEnforcement: "HARD" | "SOFT" | null;
  percentOfCap: string | null;
  overCapUsd: string | null;
  exceeded: boolean;
  unpricedEntries: string;
}
interface Row {
  slug: string;
  name: string;
  timezone: string;
  spend: {
    today: SpendWindow;
    month: SpendWindow;
    daily: { day: string; costUsd: string }[];
    hardCapExceeded: boolean;
  };
}

const WINDOW = `costUsd capUsd capEnforcement percentOfCap overCapUsd exceeded unpricedEntries`;
const QUERY = `{ tenants { slug name timezone spend { today { ${WINDOW} } month { ${WINDOW} } daily(days: 14) { day costUsd } hardCapExceeded } } }`;

const SORTS = {
  name: (a: Row, b: Row) => a.name.localeCompare(b.name),
  today: (a: Row, b: Row) => compareDecimal(a.spend.today.costUsd, b.spend.today.costUsd),
  month: (a: Row, b: Row) => compareDecimal(a.spend.month.costUsd, b.spend.month.costUsd),
  pct: (a: Row, b: Row) => compareDecimal(a.spend.today.percentOfCap, b.spend.today.percentOfCap),
  over: (a: Row, b: Row) => compareDecimal(a.spend.today.overCapUsd ?? "0", b.spend.today.overCapUsd ?? "0"),
} as const;
type SortKey = keyof typeof SORTS;

function WindowCell({ w, capName }: { w: SpendWindow; capName: string }) {
  return (
    <td className="num">
      <div>
        <strong>{usd(w.costUsd)}</strong>
        {w.capUsd ? ` of ${usd(w.capUsd)}${w.capEnforcement === "SOFT" ? " (soft)" : ""}` : ""}
      </div>
      <div className="sub" style={{ margin: 0, fontSize: "0.82rem" }}>
        {w.capUsd ? (
          <>
            {w.percentOfCap}% of {capName}
            {w.exceeded && w.overCapUsd ? (
              <>
                {" · "}
                <span className="over">{usd(w.overCapUsd)} over</span>
              </>
            ) : null}
          </>
        ) : (
          `no ${capName}`
        )}
      </div>
    </td>
  );
}

export default async function TenantsOverview({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; sort?: string; dir?: string }>;
}) {
  const me = await requireMe();
  const { q = "", sort = "name", dir = "asc" } = await searchParams;
  const { tenants } = await gql<{ tenants: Row[] }>(QUERY);
  const sortKey: SortKey = sort in SORTS ? (sort as SortKey) : "name";
  const needle = q.trim().toLowerCase();
  const rows = tenants
    .filter((t) => !needle || t.slug.includes(needle) || t.name.toLowerCase().includes(needle))
    .sort((a, b) => (dir === "desc" ? -1 : 1) * SORTS[sortKey](a, b));
  const sortLink = (key: SortKey, label: string) => {
    const active = sortKey === key;
    const next = active && dir === "asc" ? "desc" : "asc";
    const params = new URLSearchParams({ ...(q ? { q } : {}), sort: key, dir: next });
    return (
      <Link
        href={`/?${params}`}
        aria-label={`Sort by ${label}${active ? `, now ${dir === "asc" ? "ascending" : "descending"}` : ""}`}
      >
        {label} {active ? (dir === "asc" ? "▲" : "▼") : ""}
      </Link>
    );
  };
  const SORT_LABELS: Record<SortKey, string> = {
    name: "Name",
    today: "Spend today",
    pct: "% of daily cap",
    over: "Over daily cap",
    month: "Spend this month",
  };
  return (
    <>
      <h1>Tenants</h1>
      <p className="sub">
        Ledger spend against caps. Today and this month are calendar windows in each tenant&apos;s timezone;
        amounts in USD.
      </p>
      <form className="toolbar" role="search" action="/">
        <label>
          Search tenants
          <input type="search" name="q" defaultValue={q} placeholder="name or slug" />
        </label>
        <label>
          Sort by
          <select name="sort" defaultValue={sortKey}>
            {Object.entries(SORT_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Order
          <select name="dir" defaultValue={dir}>
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </label>
        <button type="submit" className="secondary">
          Apply
        </button>
      </form>
      {tenants.length === 0 ? (
        <div className="empty">
          No tenants yet.{canEdit(me) ? " Create the first one below." : " An admin creates them."}
        </div>
      ) : rows.length === 0 ? (
        <div className="empty">No tenant matches “{q}”.</div>
      ) : (
        <div className="table-wrap">
          <table data-testid="tenants-table">
            <caption className="skip">Tenants with spend today and this month against their caps</caption>
            <thead>
              <tr>
                <th scope="col">{sortLink("name", "Tenant")}</th>
                <th scope="col" className="num">
                  {sortLink("today", "Today")}
                </th>
                <th scope="col" className="num">
                  {sortLink("month", "This month")}
                </th>
                <th scope="col">Last 14 days</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => (
                <tr key={t.slug} data-testid={`tenant-row-${t.slug}`}>
                  <th scope="row">
                    <Link href={`/tenants/${t.slug}`}>{t.name}</Link>
                    <div className="sub" style={{ margin: 0, fontWeight: 400, fontSize: "0.8rem" }}>
                      {t.slug} · {t.timezone}
                    </div>
                  </th>
                  <WindowCell w={t.spend.today} capName="daily cap" />
                  <WindowCell w={t.spend.month} capName="monthly cap" />
                  <td>
                    <Sparkline
                      days={t.spend.daily}
                      label={`Daily spend of ${t.name} over the last 14 days, in USD`}
                    />
                  </td>
                  <td>
                    {t.spend.hardCapExceeded ? (
                      <span className="badge danger">HARD cap exceeded</span>
                    ) : t.spend.today.exceeded || t.spend.month.exceeded ? (
                      <span className="badge warn">Soft cap exceeded</span>
                    ) : (
                      <span className="badge ok">Within caps</span>
                    )}
                    {t.spend.today.unpricedEntries !== "0" && (
                      <span
                        className="badge warn"
                        title="Usage with an unknown cost today"
                        style={{ marginLeft: 4 }}
                      >
                        unpriced
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit(me) && <CreateTenantForm />}
    </>
  );
}
