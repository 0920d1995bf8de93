"use client";
// The export page's form: presets fill the date range; the download streams through the console's route handler
// (which forwards the session to the API) and shows bytes and rows received as they arrive.
import { useState } from "react";

type Preset = "today" | "yesterday" | "last7" | "thisMonth" | "lastMonth" | "custom";

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Presets in UTC days (the export's from/to are UTC instants; the daily summary can also be asked in UTC). */
function rangeOf(p: Preset, now = new Date()): { from: string; to: string } | null {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const add = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
  switch (p) {
    case "today":
      return { from: iso(day), to: iso(day) };
    case "yesterday":
      return { from: iso(add(day, -1)), to: iso(add(day, -1)) };
    case "last7":
      return { from: iso(add(day, -6)), to: iso(day) };
    case "thisMonth":
      return { from: iso(new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1))), to: iso(day) };
    case "lastMonth": {
      const first = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() - 1, 1));
      return {
        from: iso(first),
        to: iso(add(new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1)), -1)),
      };
    }
    default:
      return null;
  }
}

export function ExportForm({ tenants }: { tenants: { slug: string; name: string }[] }) {
  const [preset, setPreset] = useState<Preset>("thisMonth");
  const initial = rangeOf("thisMonth")!;
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [kind, setKind] = useState<"ledger" | "daily-summary">("ledger");
  const [tenant, setTenant] = useState("");
  const [progress, setProgress] = useState<{
    state: "idle" | "running" | "done" | "error";
    bytes: number;
    rows: number;
    message?: string;
  }>({
    state: "idle",
    bytes: 0,
    rows: 0,
  });

  const choose = (p: Preset) => {
    setPreset(p);
    const r = rangeOf(p);
    if (r) {
      setFrom(r.from);
      setTo(r.to);
    }
  };
  const params = new URLSearchParams({
    ...(tenant ? { tenant } : {}),
    from: `${from}T00:00:00Z`,
    // The form's "to" day is inclusive; the API's `to` is exclusive.
    to: `${iso(new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000))}T00:00:00Z`,
    ...(kind === "daily-summary" ? { tz: "UTC" } : {}),
  });
  const href = `/exports/${kind}.csv?${params}`;
  const invalid = !from || !to || from > to;

  async function download() {
    setProgress({ state: "running", bytes: 0, rows: 0 });
    try {
      const res = await fetch(href);
      if (!res.ok || !res.body) {
        const text = await res.text().catch(() => "");
        throw new Error(text.slice(0, 300) || `The export failed (${res.status}).`);
      }
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      let rows = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        for (const b of value) if (b === 10) rows++;
        setProgress({ state: "running", bytes, rows });
      }
      const name =
        /filename="?([^";]+)"?/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `${kind}.csv`;
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: "text/csv" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.click();
      URL.revokeObjectURL(url);
      setProgress({ state: "done", bytes, rows, message: name });
    } catch (e) {
      setProgress({ state: "error", bytes: 0, rows: 0, message: (e as Error).message });
    }
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) void download();
      }}
    >
      <fieldset>
        <legend>What</legend>
        <div className="grid-form">
          <label>
            Export
            <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="ledger">Ledger rows</option>
              <option value="daily-summary">Daily summary per tenant (UTC days)</option>
            </select>
          </label>
          <label>
            Tenant
            <select value={tenant} onChange={(e) => setTenant(e.target.value)}>
              <option value="">All tenants</option>
              {tenants.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.name} ({t.slug})
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>When (UTC days, inclusive)</legend>
        <div className="toolbar" role="group" aria-label="Date range presets">
          {(
            [
              ["today", "Today"],
              ["yesterday", "Yesterday"],
              ["last7", "Last 7 days"],
              ["thisMonth", "This month"],
              ["lastMonth", "Last month"],
              ["custom", "Custom"],
            ] as const
          ).map(([p, label]) => (
            <button
              key={p}
              type="button"
              className={preset === p ? "" : "secondary"}
              aria-pressed={preset === p}
              onClick={() => choose(p)}
            >
              {label}
            </button>
          ))}
        </div>
        <div className="grid-form">
          <label>
            From
            <input
              type="date"
              value={from}
              onChange={(e) => {
                setPreset("custom");
                setFrom(e.target.value);
              }}
              required
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={to}
              onChange={(e) => {
                setPreset("custom");
                setTo(e.target.value);
              }}
              required
            />
          </label>
        </div>
        {invalid && (
          <p className="field-error" role="alert">
            “From” must be on or before “To”.
          </p>
        )}
      </fieldset>
      <div className="toolbar">
        <button type="submit" disabled={invalid || progress.state === "running"}>
          {progress.state === "running" ? "Downloading…" : "Download CSV"}
        </button>
        {!invalid && (
          <a href={href} download>
            or open the file link directly
          </a>
        )}
      </div>
      <p role="status" aria-live="polite" data-testid="export-progress">
        {progress.state === "running" &&
          `Received ${progress.bytes.toLocaleString()} bytes, ${progress.rows.toLocaleString()} lines…`}
        {progress.state === "done" &&
          `Saved ${progress.message}: ${progress.bytes.toLocaleString()} bytes, ${progress.rows.toLocaleString()} lines (header included).`}
      </p>
      {progress.state === "error" && (
        <p className="notice error" role="alert">
          {progress.message}
        </p>
      )}
    </form>
  );
}
