"use client";
// Past windows of a budget: spend per window, the part within the cap and the part over it stacked, the
// over-cap part in red.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { shortDate } from "@/lib/format";

export interface WindowSpend {
  windowStart: string;
  costUsd: string;
  limitCostUsd: string | null;
  overCapUsd: string | null;
  exceeded: boolean;
  current: boolean;
}

export function HistoryChart({
  windows,
  timezone,
  caption,
}: {
  windows: WindowSpend[];
  timezone: string;
  caption: string;
}) {
  const data = windows.map((w) => {
    const cost = Number(w.costUsd);
    const over = w.overCapUsd === null ? 0 : Number(w.overCapUsd);
    return {
      label: `${shortDate(w.windowStart, timezone)}${w.current ? " (now)" : ""}`,
      within: cost - over,
      over,
      costText: w.costUsd,
    };
  });
  return (
    <figure className="chart" data-testid="history-chart">
      <figcaption>{caption}</figcaption>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 10, right: 16, bottom: 28, left: 16 }}>
            <CartesianGrid stroke="#e5e8ee" />
            <XAxis
              dataKey="label"
              label={{ value: `Window start (${timezone})`, position: "insideBottom", offset: -16 }}
            />
            <YAxis
              tickFormatter={(v: number) => `$${v.toFixed(v < 1 ? 3 : 2)}`}
              label={{ value: "USD", angle: -90, position: "insideLeft" }}
              width={72}
            />
            <Tooltip formatter={(value, name) => [`$${Number(value).toString()}`, String(name)]} />
            <Legend verticalAlign="top" height={24} />
            <Bar dataKey="within" name="Within cap" stackId="s" fill="#1d4ed8" isAnimationActive={false} />
            <Bar dataKey="over" name="Over cap" stackId="s" fill="#b42318" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
