import type { ModelVersionDetail } from '../graphql/model-detail';
import { formatMetric } from '../lib/format';
import styles from './version-card.module.css';

export function MetricsTable({
  metrics,
  caption,
}: {
  metrics: ModelVersionDetail['metrics']['items'];
  caption: string;
}) {
  if (metrics.length === 0) return <p className={styles.none}>No metrics logged.</p>;
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col" className={styles.num}>
              Value
            </th>
            <th scope="col">Dataset</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={`${m.name}@${m.dataset ?? ''}`}>
              <th scope="row">
                <code>{m.name}</code>
              </th>
              <td className={styles.num}>{formatMetric(m.value)}</td>
              <td>{m.dataset ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
