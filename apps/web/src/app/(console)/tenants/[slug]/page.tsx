// Tenant detail: budgets (create / edit / disable), the drift and history charts of the selected budget, and the
// ledger with filters and cursor paging.
import Link from "next/link";
import { DriftChart, type DriftPoint } from "@/components/drift-chart";
import { HistoryChart, type WindowSpend } from "@/components/history-chart";
import { gql } from "@/lib/api";
import { dateTime, isIsoDay, localMidnight, tokens, usd } from "@/lib/format";
import { canEdit, requireMe } from "@/lib/me";
import { toggleBudgetAction } from "../../actions";
import { BudgetForm } from "./budget-form";

interface Budget {
  id: string;
  name: string;
  period: "DAY" | "WEEK" | "MONTH" | "TOTAL";
  limitCostUsd: string | null;
  limitTokens: string | null;
  enforcement: "HARD" | "SOFT";
  enabled: boolean;
  startsAt: string | null;
  status: {
    usedCostUsd: string;
    usedTokens: string;
    exceeded: boolean;
    unpricedEntries: string;
    windowStart: string;
  };
}
interface Entry {
  id: string;
  model: string;
  provider: string | null;
  totalTokens: string;
  costUsd: string | null;
  costSource: string;
  occurredAt: string;
  allowed: boolean;
  idempotencyKey: string | null;
}
interface Search {
  budget?: string;
  edit?: string;
  from?: string;
  to?: string;
  model?: string;
  allowed?: string;
  after?: string;
  saved?: string;
  error?: string;
}

const PAGE = 25;
const PERIOD_LABEL = { DAY: "Daily", WEEK: "Weekly", MONTH: "Monthly", TOTAL: "Total" } as const;
const PERIOD_WINDOWS = { DAY: "days", WEEK: "weeks", MONTH: "months", TOTAL: "windows" } as const;

const QUERY = `query($t: String!, $first: Int!, $after: String, $filter: LedgerFilter) {
  tenant(slug: $t) {
    slug timezone models
    spend { today { unpricedEntries } }
    budgets { id name period limitCostUsd limitTokens enforcement enabled startsAt
      status { usedCostUsd usedTokens exceeded unpricedEntries windowStart } }
    ledger(first: $first, after: $after, filter: $filter) {
      nodes { id model provider totalTokens costUsd costSource occurredAt allowed idempotencyKey }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const CHART_QUERY = `query($t: String!, $b: ID!) {
  tenant(slug: $t) { budget(id: $b) {
    drift { windowStart windowEnd limitCostUsd usedCostUsd overCapUsd entries blockedEntries bucketSeconds
      points { at costUsd cumulativeCostUsd blockedEntries entries } }
    history(windows: 8) { windowStart costUsd limitCostUsd overCapUsd exceeded current }
  } }
}`;

export default async function TenantPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}) {
  const me = await requireMe();
  const { slug } = await params;
  const sp = await searchParams;
  const editable = canEdit(me);

  const base = await gql<{ tenant: { timezone: string } | null }>(
    `query($t: String!) { tenant(slug: $t) { timezone } }`,
    { t: slug },
  );
  const timezone = base.tenant?.timezone ?? "UTC";
  const filter = {
    ...(isIsoDay(sp.from) ? { from: localMidnight(sp.from, timezone).toISOString() } : {}),
    // "to" is inclusive in the form: the ledger filter takes the next local midnight.
    ...(isIsoDay(sp.to) ? { to: localMidnight(nextDay(sp.to), timezone).toISOString() } : {}),
    ...(sp.model ? { model: sp.model } : {}),
    ...(sp.allowed === "yes" ? { allowed: true } : sp.allowed === "no" ? { allowed: false } : {}),
  };
  const { tenant } = await gql<{
    tenant: {
      slug: string;
      timezone: string;
      models: string[];
      spend: { today: { unpricedEntries: string } };
      budgets: Budget[];
      ledger: { nodes: Entry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    };
  }>(QUERY, { t: slug, first: PAGE, after: sp.after || null, filter });

  const selected =
    tenant.budgets.find((b) => b.id === sp.budget) ??
    tenant.budgets.find((b) => b.enabled && b.limitCostUsd !== null) ??
    tenant.budgets[0];
  const charts = selected
    ? (
        await gql<{
          tenant: {
            budget: {
              drift: {
                windowStart: string;
                windowEnd: string | null;
                limitCostUsd: string | null;
                usedCostUsd: string;
                overCapUsd: string | null;
                entries: string;
                blockedEntries: string;
                bucketSeconds: number | null;
                points: DriftPoint[];
              };
              history: WindowSpend[];
            } | null;
          };
        }>(CHART_QUERY, { t: slug, b: selected.id })
      ).tenant.budget
    : null;
  const editing = editable && sp.edit ? tenant.budgets.find((b) => b.id === sp.edit) : undefined;
  const keep = (extra: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({
      budget: sp.budget,
      from: sp.from,
      to: sp.to,
      model: sp.model,
      allowed: sp.allowed,
      ...extra,
    })) {
      if (v) p.set(k, v);
    }
    return `/tenants/${slug}?${p}`;
  };

  return (
    <>
      {sp.saved && (
        <p className="notice ok" role="status">
          Budget saved.
        </p>
      )}
      {sp.error && (
        <p className="notice error" role="alert">
          {sp.error}
        </p>
      )}
      {tenant.spend.today.unpricedEntries !== "0" && (
        <p className="notice warn" data-testid="unpriced-warning">
          {tenant.spend.today.unpricedEntries} usage record(s) today have no known cost (unpriced model):
          their tokens count, their dollars are not in the totals below.
        </p>
      )}

      <h2 id="budgets">Budgets</h2>
      {tenant.budgets.length === 0 ? (
        <div className="empty">No budgets: every usage is allowed.{editable ? " Create one below." : ""}</div>
      ) : (
        <div className="table-wrap">
          <table data-testid="budgets-table">
            <thead>
              <tr>
                <th scope="col">Budget</th>
                <th scope="col">Period</th>
                <th scope="col" className="num">
                  Limit (USD)
                </th>
                <th scope="col" className="num">
                  Limit (tokens)
                </th>
                <th scope="col">Enforcement</th>
                <th scope="col" className="num">
                  Used this window
                </th>
                <th scope="col">State</th>
                <th scope="col">Chart</th>
                {editable && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {tenant.budgets.map((b) => (
                <tr key={b.id} data-testid={`budget-row-${b.name}`}>
                  <th scope="row">{b.name}</th>
                  <td>{PERIOD_LABEL[b.period]}</td>
                  <td className="num">{usd(b.limitCostUsd)}</td>
                  <td className="num">{tokens(b.limitTokens)}</td>
                  <td>{b.enforcement}</td>
                  <td className="num">
                    {usd(b.status.usedCostUsd)} · {tokens(b.status.usedTokens)} tok
                  </td>
                  <td>
                    {!b.enabled ? (
                      <span className="badge muted">disabled</span>
                    ) : b.status.exceeded ? (
                      <span className={`badge ${b.enforcement === "HARD" ? "danger" : "warn"}`}>
                        {b.enforcement} exceeded
                      </span>
                    ) : (
                      <span className="badge ok">within</span>
                    )}
                  </td>
                  <td>
                    {selected?.id === b.id ? (
                      <span aria-current="true">shown</span>
                    ) : (
                      <Link href={keep({ budget: b.id })}>Show chart</Link>
                    )}
                  </td>
                  {editable && (
                    <td>
                      <Link href={`${keep({ edit: b.id })}#budget-form`}>Edit</Link>{" "}
                      <form action={toggleBudgetAction} className="inline">
                        {Object.entries({
                          tenant: slug,
                          id: b.id,
                          name: b.name,
                          period: b.period,
                          limitCostUsd: b.limitCostUsd ?? "",
                          limitTokens: b.limitTokens ?? "",
                          enforcement: b.enforcement,
                          startsAt: b.startsAt ?? "",
                          enabled: String(!b.enabled),
                        }).map(([k, v]) => (
                          <input key={k} type="hidden" name={k} value={v} />
                        ))}
                        <button type="submit" className={b.enabled ? "danger" : "secondary"}>
                          {b.enabled ? "Disable" : "Enable"}
                        </button>
                      </form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable && (
        <BudgetForm tenant={slug} budget={editing ? { ...editing, startsAt: editing.startsAt } : undefined} />
      )}

      {selected && charts && (
        <>
          <h2 id="charts">
            {selected.name}: {PERIOD_LABEL[selected.period].toLowerCase()} window
          </h2>
          <div className="charts">
            <DriftChart
              points={charts.drift.points}
              windowStart={charts.drift.windowStart}
              windowEnd={charts.drift.windowEnd}
              limitCostUsd={charts.drift.limitCostUsd}
              timezone={tenant.timezone}
              caption={
                `Cumulative ledger spend since ${dateTime(charts.drift.windowStart, tenant.timezone)} (${tenant.timezone}): ` +
                `${usd(charts.drift.usedCostUsd)}` +
                (charts.drift.limitCostUsd
                  ? ` against a ${usd(charts.drift.limitCostUsd)} cap`
                  : " (no USD cap)") +
                (charts.drift.overCapUsd && charts.drift.overCapUsd !== "0"
                  ? `; ${usd(charts.drift.overCapUsd)} over the cap (shaded)`
                  : "") +
                `; ${charts.drift.blockedEntries} of ${charts.drift.entries} calls recorded with allowed: false (marked ✕).` +
                (charts.drift.bucketSeconds
                  ? ` Grouped into ${charts.drift.bucketSeconds}-second buckets.`
                  : "")
              }
            />
            <HistoryChart
              windows={charts.history}
              timezone={tenant.timezone}
              caption={`Spend per ${PERIOD_WINDOWS[selected.period].replace(/s$/, "")} window vs cap, last ${charts.history.length} ${PERIOD_WINDOWS[selected.period]}; over-cap part in red. ${charts.history.filter((w) => w.exceeded).length} window(s) over the cap.`}
            />
          </div>
        </>
      )}

      <h2 id="ledger">Ledger</h2>
      <form className="toolbar" action={`/tenants/${slug}`} aria-label="Ledger filters">
        {sp.budget && <input type="hidden" name="budget" value={sp.budget} />}
        <label>
          From ({tenant.timezone})
          <input type="date" name="from" defaultValue={sp.from} />
        </label>
        <label>
          To, inclusive
          <input type="date" name="to" defaultValue={sp.to} />
        </label>
        <label>
          Model
          <select name="model" defaultValue={sp.model ?? ""}>
            <option value="">All models</option>
            {tenant.models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          Allowed
          <select name="allowed" defaultValue={sp.allowed ?? ""}>
            <option value="">Any</option>
            <option value="yes">Allowed</option>
            <option value="no">Not allowed (over a HARD cap)</option>
          </select>
        </label>
        <button type="submit" className="secondary">
          Filter
        </button>
        <Link href={`/tenants/${slug}${sp.budget ? `?budget=${sp.budget}` : ""}`}>Clear</Link>
      </form>
      {tenant.ledger.nodes.length === 0 ? (
        <div className="empty">
          {sp.after || Object.keys(filter).length
            ? "No ledger entries match these filters."
            : "No usage recorded yet."}
        </div>
      ) : (
        <div className="table-wrap">
          <table data-testid="ledger-table">
            <thead>
              <tr>
                <th scope="col">Occurred ({tenant.timezone})</th>
                <th scope="col">Model</th>
                <th scope="col" className="num">
                  Tokens
                </th>
                <th scope="col" className="num">
                  Cost (USD)
                </th>
                <th scope="col">Source</th>
                <th scope="col">Allowed</th>
                <th scope="col">Idempotency key</th>
              </tr>
            </thead>
            <tbody>
              {tenant.ledger.nodes.map((e) => (
                <tr key={e.id}>
                  <td>{dateTime(e.occurredAt, tenant.timezone)}</td>
                  <td>
                    {e.model}
                    {e.provider ? <span className="sub"> · {e.provider}</span> : null}
                  </td>
                  <td className="num">{tokens(e.totalTokens)}</td>
                  <td className="num">
                    {e.costUsd === null ? <span className="badge warn">unpriced</span> : usd(e.costUsd)}
                  </td>
                  <td>{e.costSource}</td>
                  <td>{e.allowed ? "yes" : <span className="badge danger">no</span>}</td>
                  <td>
                    <code>{e.idempotencyKey ?? "—"}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        {sp.after && <Link href={keep({})}>First page</Link>}
        {tenant.ledger.pageInfo.hasNextPage && tenant.ledger.pageInfo.endCursor && (
          <Link href={keep({ after: tenant.ledger.pageInfo.endCursor })}>Next page →</Link>
        )}
      </div>
    </>
  );
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
