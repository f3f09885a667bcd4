'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { TIERS } from '../lib/chart-data';
import { COLOURS, TIER_COLOURS } from './palette';

export type TeamRiskRow = { team: string; atRisk: number; productionModels: number } & Record<
  string,
  number | string
>;

/** Each team's production models stacked by risk tier, next to how many carry a risk flag. */
export function TeamRiskChart({ rows }: { rows: TeamRiskRow[] }) {
  return (
    <figure data-testid="team-risk-chart" style={{ margin: 0, minWidth: 0 }}>
      <div style={{ width: '100%', height: 80 + rows.length * 48 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
            <YAxis type="category" dataKey="team" width={112} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {TIERS.map((tier) => (
              <Bar
                key={tier}
                dataKey={tier}
                stackId="tier"
                fill={TIER_COLOURS[tier]}
                isAnimationActive={false}
              />
            ))}
            <Bar dataKey="atRisk" name="At risk" fill={COLOURS.pink} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="visually-hidden">
        {rows
          .map((r) => `${r.team}: ${r.productionModels} production models, ${r.atRisk} at risk`)
          .join('; ')}
        .
      </figcaption>
    </figure>
  );
}
