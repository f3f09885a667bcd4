'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LeadTimeRow } from '../lib/chart-data';
import { formatHours } from '../lib/format';
import { COLOURS } from './palette';

const hours = (value: unknown) => formatHours(typeof value === 'number' ? value : null);

/** p50 and p90 of each step of a promotion to PRODUCTION, side by side. */
export function LeadTimeChart({ rows }: { rows: LeadTimeRow[] }) {
  return (
    <figure data-testid="lead-time-chart" style={{ margin: 0, minWidth: 0 }}>
      <div style={{ width: '100%', height: 72 + rows.length * 52 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" tickFormatter={hours} tick={{ fontSize: 12 }} />
            <YAxis type="category" dataKey="label" width={128} tick={{ fontSize: 12 }} />
            <Tooltip formatter={hours} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="p50" name="p50" fill={COLOURS.blue} isAnimationActive={false} />
            <Bar dataKey="p90" name="p90" fill={COLOURS.orange} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="visually-hidden">
        {rows.map((r) => `${r.label}: p50 ${formatHours(r.p50)}, p90 ${formatHours(r.p90)}`).join('; ')}.
      </figcaption>
    </figure>
  );
}
