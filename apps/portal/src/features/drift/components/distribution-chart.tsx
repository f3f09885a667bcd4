'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FeatureDistribution } from '../graphql/model-drift';
import { distributionBars } from '../lib/distribution-bars';

// Okabe–Ito: told apart in colour-blind palettes, like the Compare tab's chart.
const REFERENCE = '#0072B2';
const PRODUCTION = '#D55E00';

const percent = (value: unknown) => (typeof value === 'number' ? `${(value * 100).toFixed(1)} %` : '–');

/** One feature's reference histogram against the latest production window, as shares per bin. */
export function DistributionChart({ distribution }: { distribution: FeatureDistribution }) {
  const data = distributionBars(distribution);
  return (
    <figure data-testid={`drift-chart-${distribution.feature}`} style={{ margin: 0 }}>
      <div style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="bin" tick={{ fontSize: 12 }} interval="preserveStartEnd" />
            <YAxis tickFormatter={(v: number) => `${Math.round(v * 100)} %`} width={48} />
            <Tooltip formatter={(value) => percent(value)} />
            {/* Reference first, as the bars stand; the default sorts the names alphabetically. */}
            <Legend itemSorter={(item) => (item.dataKey === 'reference' ? 0 : 1)} />
            <Bar dataKey="reference" name="Reference" fill={REFERENCE} isAnimationActive={false} />
            {distribution.production ? (
              <Bar dataKey="production" name="Production" fill={PRODUCTION} isAnimationActive={false} />
            ) : null}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="visually-hidden">
        Share of rows per bin of {distribution.feature}: reference{' '}
        {distribution.production ? 'against the latest production window' : 'only; no window reported yet'}.{' '}
        {data.map((d) => `${d.bin}: ${percent(d.reference)} / ${percent(d.production)}`).join('; ')}
      </figcaption>
    </figure>
  );
}
