import { StageBadge } from '@/components/stage-badge/stage-badge';
import type { ModelVersionDetail } from '../graphql/model-detail';
import { DateTime } from './date-time';
import styles from './version-card.module.css';

/** Every move of a version, oldest first, folded away by default. */
export function StageHistory({
  history,
  total,
}: {
  history: ModelVersionDetail['stageHistory']['items'];
  total: number;
}) {
  if (history.length === 0) return null;
  return (
    <details className={styles.history}>
      <summary>Stage history ({total})</summary>
      <ol className={styles.historyList}>
        {history.map((move) => (
          <li key={`${move.occurredAt}-${move.to}`}>
            <StageBadge stage={move.from} /> <span aria-hidden="true">→</span>
            <span className="visually-hidden">to</span> <StageBadge stage={move.to} /> by {move.actor} on{' '}
            <DateTime iso={move.occurredAt} />
          </li>
        ))}
      </ol>
    </details>
  );
}
