'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { COLOURS } from './palette';

const SERIES = {
  adoption: [
    ['versions', 'Versions registered', COLOURS.blue],
    ['models', 'Models registered', COLOURS.orange],
    ['activeTeams', 'Active teams', COLOURS.green],
    ['newTeams', 'New teams', COLOURS.pink],
  ],
  promotions: [
    ['requested', 'Requested', COLOURS.blue],
    ['completed', 'Completed', COLOURS.green],
    ['rejected', 'Rejected', COLOURS.vermilion],
  ],
  teamRequests: [
    ['teamRequestsMade', 'Requested', COLOURS.blue],
    ['teamRequestsApproved', 'Approved', COLOURS.green],
    ['teamRequestsRejected', 'Rejected', COLOURS.vermilion],
  ],
} as const;

export type TrendRow = Record<string, string | number>;

/** Weekly counts, one line per series; the CSV export holds the exact figures. */
export function TrendChart({
  rows,
  kind,
  testId,
}: {
  rows: TrendRow[];
  kind: keyof typeof SERIES;
  testId: string;
}) {
  const series = SERIES[kind];
  return (
    <figure data-testid={testId} style={{ margin: 0, minWidth: 0 }}>
      <div style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="week" tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map(([key, name, colour]) => (
              <Line
                key={key}
                type="linear"
                dataKey={key}
                name={name}
                stroke={colour}
                strokeWidth={2}
                dot={rows.length < 20}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="visually-hidden">
        Per week from {rows[0]?.week} to {rows.at(-1)?.week}: {series.map(([, name]) => name).join(', ')}.
      </figcaption>
    </figure>
  );
}
