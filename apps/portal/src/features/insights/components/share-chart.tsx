'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { COLOURS } from './palette';

export interface ShareRow {
  label: string;
  percent: number;
  count: number;
}

/** Production models with each property, as a share of all of them (0–100 %). */
export function ShareChart({ rows, total }: { rows: ShareRow[]; total: number }) {
  return (
    <figure data-testid="share-chart" style={{ margin: 0, minWidth: 0 }}>
      <div style={{ width: '100%', height: 48 + rows.length * 40 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" domain={[0, 100]} unit="%" tick={{ fontSize: 12 }} />
            <YAxis type="category" dataKey="label" width={128} tick={{ fontSize: 12 }} />
            <Tooltip
              formatter={(value, _name, item) => [`${value} % (${item.payload.count} of ${total})`, 'Share']}
            />
            <Bar dataKey="percent" name="Share" fill={COLOURS.green} isAnimationActive={false}>
              <LabelList
                dataKey="percent"
                position="right"
                formatter={(v) => `${v}%`}
                style={{ fontSize: 12 }}
              />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="visually-hidden">
        {rows.map((r) => `${r.label}: ${r.percent} % (${r.count} of ${total})`).join('; ')}.
      </figcaption>
    </figure>
  );
}
