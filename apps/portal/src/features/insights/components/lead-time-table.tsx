import type { LeadTimeRow } from '../lib/chart-data';
import { formatHours } from '../lib/format';
import styles from './insights.module.css';

/** The exact figures under the lead-time chart: a step of minutes draws no bar on an axis of days. */
export function LeadTimeTable({ rows }: { rows: LeadTimeRow[] }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} aria-label="Lead time per step">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">p50</th>
            <th scope="col">p90</th>
            <th scope="col">Promotions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <td data-label="Step">{row.label}</td>
              <td data-label="p50">{formatHours(row.p50)}</td>
              <td data-label="p90">{formatHours(row.p90)}</td>
              <td data-label="Promotions">{row.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
