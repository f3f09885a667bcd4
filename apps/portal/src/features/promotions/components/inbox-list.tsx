import Link from 'next/link';
import type { InboxItem } from '../graphql/promotion-inbox';
import { describeProgress } from '../lib/progress-wording';
import { relativeTime } from '../lib/relative-time';
import styles from './promotions.module.css';
import { RiskTierBadge } from './risk-tier-badge';

/** The open requests awaiting the caller, oldest first, each linking to its detail. */
export function InboxList({ items, now }: { items: InboxItem[]; now: number }) {
  return (
    <ul className={styles.list} aria-label="Requests awaiting your decision">
      {items.map((item) => {
        const { model } = item.modelVersion;
        return (
          <li key={item.id} className={styles.item} data-testid="inbox-item">
            <h2 className={styles.itemTitle}>
              <Link href={`/approvals/${encodeURIComponent(item.id)}`}>
                {model.name} v{item.modelVersion.version} → {item.targetStage}
              </Link>
              <RiskTierBadge tier={model.riskTier} />
            </h2>
            <p className={styles.meta}>
              {model.team.name} · requested by {item.requestedBy} {relativeTime(item.requestedAt, now)} ·
              expires {relativeTime(item.expiresAt, now)}
            </p>
            <p className={styles.quote}>{item.justification}</p>
            <p className={styles.progress}>{describeProgress(item.progress)}</p>
          </li>
        );
      })}
    </ul>
  );
}
