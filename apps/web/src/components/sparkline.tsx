"use client";
// A tenant's daily spend as a small line. Numbers here only position pixels; every amount shown as text comes
// from the API's exact decimal strings.
import { Line, LineChart, ResponsiveContainer, YAxis } from "recharts";

export function Sparkline({ days, label }: { days: { day: string; costUsd: string }[]; label: string }) {
  const data = days.map((d) => ({ day: d.day, v: Number(d.costUsd) }));
  return (
    <div role="img" aria-label={label} style={{ width: 120, height: 32 }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
          <YAxis hide domain={[0, "dataMax"]} />
          <Line
            type="monotone"
            dataKey="v"
            stroke="#1d4ed8"
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
