"use client";
// The drift chart: the ledger's running total through the budget's current window against the cap. The part
// above the cap is shaded (the spend a check-before-write tracker would have lost); calls recorded with
// allowed: false are marked. Numbers only place pixels; the caption states the exact amounts from the API.
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { timeOfDay, usd } from "@/lib/format";

export interface DriftPoint {
  at: string;
  cumulativeCostUsd: string;
  costUsd: string | null;
  blockedEntries: number;
  entries: number;
}

interface Props {
  points: DriftPoint[];
  windowStart: string;
  windowEnd: string | null;
  limitCostUsd: string | null;
  timezone: string;
  caption: string;
}

function BlockedMarker(props: { cx?: number; cy?: number; payload?: { blocked?: number } }) {
  const { cx = 0, cy = 0 } = props;
  // recharts calls the shape for every row of the chart's data; only rows with blocked calls get a marker.
  if (props.payload?.blocked === undefined) return <g />;
  return (
    <g data-testid="blocked-marker" aria-hidden="true">
      <circle cx={cx} cy={cy} r={6} fill="#fff" stroke="#b42318" strokeWidth={2} />
      <path
        d={`M${cx - 3},${cy - 3}L${cx + 3},${cy + 3}M${cx + 3},${cy - 3}L${cx - 3},${cy + 3}`}
        stroke="#b42318"
        strokeWidth={2}
      />
    </g>
  );
}

export function DriftChart({ points, windowStart, windowEnd, limitCostUsd, timezone, caption }: Props) {
  const cap = limitCostUsd === null ? null : Number(limitCostUsd);
  const start = Date.parse(windowStart);
  const now = Date.now();
  const end = windowEnd ? Math.min(Date.parse(windowEnd), Math.max(now, start)) : now;
  // Start at zero at the window's start so the line reads as a running total.
  const data = [
    { t: start, cum: 0, over: cap === null ? undefined : ([cap, cap] as [number, number]) },
    ...points.map((p) => {
      const cum = Number(p.cumulativeCostUsd);
      return {
        t: Date.parse(p.at),
        cum,
        over: cap === null ? undefined : ([cap, Math.max(cum, cap)] as [number, number]),
        blocked: p.blockedEntries > 0 ? cum : undefined,
      };
    }),
  ];
  const last = data[data.length - 1]!;
  if (last.t < end) data.push({ ...last, t: end, blocked: undefined } as (typeof data)[number]);
  const yMax = Math.max(cap ?? 0, ...data.map((d) => d.cum)) * 1.15 || 1;
  return (
    <figure className="chart" data-testid="drift-chart">
      <figcaption>{caption}</figcaption>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 10, right: 16, bottom: 28, left: 16 }}>
            <CartesianGrid stroke="#e5e8ee" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[start, end]}
              tickFormatter={(v: number) => timeOfDay(v, timezone)}
              label={{ value: `Time (${timezone})`, position: "insideBottom", offset: -16 }}
            />
            <YAxis
              domain={[0, yMax]}
              tickFormatter={(v: number) => `$${v.toFixed(v < 1 ? 3 : 2)}`}
              label={{ value: "USD", angle: -90, position: "insideLeft", offset: -4 }}
              width={72}
            />
            <Tooltip
              labelFormatter={(v) => `${timeOfDay(Number(v), timezone)} (${timezone})`}
              formatter={(value, name) => (name === "Over cap" ? null : [`$${String(value)}`, String(name)])}
            />
            {cap !== null && (
              <Area
                className="drift-over-cap"
                dataKey="over"
                name="Over cap"
                type="stepAfter"
                stroke="none"
                fill="#b42318"
                fillOpacity={0.28}
                isAnimationActive={false}
              />
            )}
            <Line
              dataKey="cum"
              name="Ledger spend"
              type="stepAfter"
              stroke="#1d4ed8"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            {cap !== null && (
              <ReferenceLine
                y={cap}
                stroke="#b42318"
                strokeDasharray="6 4"
                label={{ value: `cap ${usd(limitCostUsd)}`, position: "insideTopLeft", fill: "#b42318" }}
              />
            )}
            <Scatter
              dataKey="blocked"
              name="Recorded with allowed: false"
              shape={<BlockedMarker />}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
