import type { ModelVersionDetail } from '../graphql/model-detail';
import { shortenChecksum } from '../lib/format';
import styles from './version-card.module.css';

/** The datasets this version was trained on, with their URI and a shortened checksum. */
export function DatasetList({ datasets }: { datasets: ModelVersionDetail['lineage']['datasets']['items'] }) {
  if (datasets.length === 0) return <p className={styles.none}>No training data recorded.</p>;
  return (
    <ul className={styles.datasets}>
      {datasets.map((d) => (
        <li key={d.id} className={styles.dataset}>
          <span className={styles.datasetName}>{d.name}</span>
          <code className={styles.uri}>{d.uri}</code>
          <code className={styles.checksum} title={d.checksum}>
            <span className="visually-hidden">Checksum </span>
            {shortenChecksum(d.checksum)}
          </code>
        </li>
      ))}
    </ul>
  );
}
