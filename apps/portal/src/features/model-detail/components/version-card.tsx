import type { ReactNode } from 'react';
import { StageBadge } from '@/components/stage-badge/stage-badge';
import type { ModelVersionDetail } from '../graphql/model-detail';
import { DatasetList } from './dataset-list';
import { DateTime } from './date-time';
import { MetricsTable } from './metrics-table';
import { MoreNote } from './more-note';
import { StageHistory } from './stage-history';
import styles from './version-card.module.css';

/**
 * One version: its stage, who made it, its metrics and where its training data came from.
 * `children` goes at the end (the Versions tab puts the version's promotions there).
 */
export function VersionCard({
  version,
  latest,
  children,
}: {
  version: ModelVersionDetail;
  latest: boolean;
  children?: ReactNode;
}) {
  const headingId = `version-${version.version}`;
  return (
    <article className={styles.card} aria-labelledby={headingId}>
      <header className={styles.header}>
        <h3 id={headingId} className={styles.title}>
          Version {version.version}
          {latest ? <span className={styles.latest}>Latest</span> : null}
        </h3>
        <StageBadge stage={version.stage} />
        {version.deprecation ? <span className={styles.flag}>Deprecated</span> : null}
        {version.legalHold ? <span className={styles.flag}>Legal hold</span> : null}
        <p className={styles.meta}>
          Created by {version.createdBy} on <DateTime iso={version.createdAt} />
        </p>
        {version.deprecation ? (
          <p className={styles.meta} role="note">
            Deprecated by {version.deprecation.by} on <DateTime iso={version.deprecation.at} />:{' '}
            {version.deprecation.reason}
            {version.deprecation.successor
              ? ` Use version ${version.deprecation.successor.version} instead.`
              : ''}
          </p>
        ) : null}
        {version.legalHold ? (
          <p className={styles.meta} role="note">
            Under legal hold since <DateTime iso={version.legalHold.placedAt} /> ({version.legalHold.placedBy}
            ): {version.legalHold.reason}. Its artifacts are kept.
          </p>
        ) : null}
      </header>
      <div className={styles.sections}>
        <section>
          <h4 className={styles.sectionTitle}>Metrics</h4>
          <MetricsTable metrics={version.metrics.items} caption={`Metrics of version ${version.version}`} />
          <MoreNote shown={version.metrics.items.length} total={version.metrics.totalCount} what="metrics" />
        </section>
        <section>
          <h4 className={styles.sectionTitle}>Training data</h4>
          <DatasetList datasets={version.lineage.datasets.items} />
          <MoreNote
            shown={version.lineage.datasets.items.length}
            total={version.lineage.datasets.totalCount}
            what="datasets"
          />
          {version.lineage.runs.items.length > 0 ? (
            <p className={styles.runs}>
              {version.lineage.runs.totalCount === 1 ? 'Code: ' : 'Code of each run: '}
              {version.lineage.runs.items.map((run, i) => (
                <span key={run.id}>
                  {i > 0 ? ', ' : null}
                  <code className={styles.uri}>{run.codeRef}</code>
                </span>
              ))}
              {version.lineage.runs.totalCount > version.lineage.runs.items.length
                ? ` (first ${version.lineage.runs.items.length} of ${version.lineage.runs.totalCount} runs)`
                : null}
            </p>
          ) : null}
        </section>
      </div>
      <StageHistory history={version.stageHistory.items} total={version.stageHistory.totalCount} />
      {children}
    </article>
  );
}
