'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { COLOURS } from './palette';

export interface CountRow {
  label: string;
  count: number;
  /** A colour of its own, e.g. a risk tier's. */
  colour?: string;
}

/**
 * Counts per label as horizontal bars (labels stay readable on a phone), e.g. the lead-time
 * distribution, rejection reasons, production models per tier or per risk flag.
 */
export function CountChart({
  rows,
  name,
  testId,
  colour = COLOURS.blue,
  labelWidth = 112,
}: {
  rows: CountRow[];
  name: string;
  testId: string;
  colour?: string;
  labelWidth?: number;
}) {
  return (
    <figure data-testid={testId} style={{ margin: 0, minWidth: 0 }}>
      <div style={{ width: '100%', height: 40 + rows.length * 34 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 36, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
            <YAxis type="category" dataKey="label" width={labelWidth} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Bar dataKey="count" name={name} fill={colour} isAnimationActive={false}>
              {rows.map((row) => (
                <Cell key={row.label} fill={row.colour ?? colour} />
              ))}
              <LabelList dataKey="count" position="right" style={{ fontSize: 12 }} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="visually-hidden">
        {name}: {rows.map((r) => `${r.label} ${r.count}`).join(', ')}.
      </figcaption>
    </figure>
  );
}
