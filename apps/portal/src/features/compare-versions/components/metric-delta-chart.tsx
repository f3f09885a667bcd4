'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricComparison } from '../graphql/compare-versions';
import { formatDelta } from '../lib/format-value';

// Distinguishable in colour-blind palettes (Okabe–Ito), one per version after the baseline.
const COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
  '#999999',
];

const metricLabel = (m: MetricComparison) => (m.dataset ? `${m.name} (${m.dataset})` : m.name);

/**
 * Each metric's delta against the baseline, one bar per later version. Horizontal bars, so
 * metric names stay readable on a phone; the table below holds the exact values.
 */
export function MetricDeltaChart({ metrics, labels }: { metrics: MetricComparison[]; labels: string[] }) {
  const compared = labels.slice(1);
  const data = metrics.map((m) => ({
    metric: metricLabel(m),
    ...Object.fromEntries(compared.map((label, i) => [label, m.deltas[i + 1] ?? null])),
  }));
  const height = Math.max(160, 48 + metrics.length * (18 * compared.length + 16));
  return (
    <figure data-testid="metric-delta-chart" style={{ margin: 0 }}>
      <div style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" tickFormatter={(v: number) => formatDelta(v)} />
            <YAxis type="category" dataKey="metric" width={120} tick={{ fontSize: 12 }} />
            <Tooltip formatter={(value) => formatDelta(typeof value === 'number' ? value : null)} />
            <Legend />
            {compared.map((label, i) => (
              <Bar key={label} dataKey={label} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="visually-hidden">
        Metric deltas against {labels[0]}, one bar per version: {compared.join(', ')}.
      </figcaption>
    </figure>
  );
}
