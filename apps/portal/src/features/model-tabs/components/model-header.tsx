import Link from 'next/link';
import { DateTime } from '@/features/model-detail/components/date-time';
import { RiskTierBadge } from '@/features/promotions/components/risk-tier-badge';
import type { ModelHeader as Model } from '../graphql/model-header';
import styles from './model-header.module.css';

/**
 * Above every tab: where the model sits, its name, team, risk tier, tags, whether it is
 * archived, and a link to the Drift tab while drift alarms are open (`openDriftAlarms`).
 */
export function ModelHeader({
  model,
  openDriftAlarms = null,
}: {
  model: Model;
  openDriftAlarms?: number | null;
}) {
  return (
    <>
      <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
        <Link href="/">Catalog</Link>
        <span aria-hidden="true"> / </span>
        <Link href={`/teams/${encodeURIComponent(model.team.slug)}`}>{model.team.name}</Link>
        <span aria-hidden="true"> / </span>
        <span>{model.name}</span>
      </nav>
      <header className={styles.header}>
        <p className={styles.team}>{model.team.name}</p>
        <h1 id="model-title" className={styles.title}>
          {model.name}
        </h1>
        <ul className={styles.badges} aria-label="Labels">
          <li className={styles.tierItem}>
            <RiskTierBadge tier={model.riskTier} />
          </li>
          {model.visibility === 'PRIVATE' ? <li className={styles.flag}>Private</li> : null}
          {model.archive ? <li className={styles.flag}>Archived</li> : null}
          {openDriftAlarms ? (
            <li className={styles.drift}>
              <Link href={`/models/${encodeURIComponent(model.id)}/drift`} data-testid="drift-badge">
                {openDriftAlarms === 1 ? '1 drift alarm' : `${openDriftAlarms} drift alarms`}
              </Link>
            </li>
          ) : null}
          {model.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
        {model.archive ? (
          <p className={styles.archived} role="note">
            Archived by {model.archive.by} on <DateTime iso={model.archive.at} />: {model.archive.reason}. The
            model and its versions are read-only.
          </p>
        ) : null}
      </header>
    </>
  );
}
