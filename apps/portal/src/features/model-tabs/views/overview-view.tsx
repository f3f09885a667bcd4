import Link from 'next/link';
import { StageBadge } from '@/components/stage-badge/stage-badge';
import { DateTime } from '@/features/model-detail/components/date-time';
import { ModelFacts } from '@/features/model-detail/components/model-facts';
import { GovernanceSection } from '@/features/promotions/components/governance-section';
import type { PendingRiskTierChange, RiskTierChange } from '@/features/promotions/graphql/risk-tier';
import { RolloutSection } from '@/features/rollouts/components/rollout-section';
import type { RolloutView } from '@/features/rollouts/graphql/model-rollouts';
import { ModelCardView } from '../components/model-card-view';
import type { ModelHeader } from '../graphql/model-header';
import type { LatestVersionCard, VersionStage } from '../graphql/model-overview';
import { missingSectionTitles } from '../lib/card-sections';
import styles from './tab-view.module.css';

/** The overview: what the model is, the latest version's model card, and its risk tier. */
export function OverviewView({
  model,
  latest,
  tierHistory = null,
  pendingTierChange = null,
  decidesTierChange = false,
  rollouts = [],
  maintains = false,
  notice = null,
  rollback = null,
}: {
  model: ModelHeader;
  latest: LatestVersionCard | null;
  tierHistory?: RiskTierChange[] | null;
  pendingTierChange?: PendingRiskTierChange | null;
  decidesTierChange?: boolean;
  /** Null when they could not be loaded. */
  rollouts?: RolloutView[] | null;
  maintains?: boolean;
  notice?: string | null;
  rollback?: { production: VersionStage; deprecated: VersionStage[] } | null;
}) {
  return (
    <div className={styles.panel}>
      <section aria-labelledby="about-heading" className={styles.section}>
        <h2 id="about-heading" className={styles.sectionTitle}>
          About
        </h2>
        {model.description ? (
          <p className={styles.text}>{model.description}</p>
        ) : (
          <p className={styles.none}>No description yet.</p>
        )}
        <ModelFacts model={model} />
        <p className={styles.none}>
          {model.versionCount === 1 ? '1 version' : `${model.versionCount} versions`}
          {model.versionCount > 0 ? (
            <>
              {' '}
              · <Link href={`/models/${encodeURIComponent(model.id)}/versions`}>See them all</Link>
            </>
          ) : null}
        </p>
      </section>
      <section aria-labelledby="card-heading" className={styles.section} data-testid="model-card">
        <h2 id="card-heading" className={styles.sectionTitle}>
          Model card{' '}
          {latest ? <span className={styles.count}>(version {latest.version}, the latest)</span> : null}
        </h2>
        <CardBody latest={latest} />
      </section>
      <GovernanceSection
        className={styles.section}
        modelId={model.id}
        tier={model.riskTier}
        history={tierHistory}
        maintains={maintains && !model.archive}
        notice={notice}
        rollback={model.archive ? null : rollback}
        pendingChange={pendingTierChange}
        decidesTierChange={decidesTierChange}
      />
      <RolloutSection className={styles.section} rollouts={rollouts} />
    </div>
  );
}

function CardBody({ latest }: { latest: LatestVersionCard | null }) {
  if (!latest) {
    return <p className={styles.none}>This model has no versions yet, so there is no model card to show.</p>;
  }
  const missing = missingSectionTitles(latest.cardCompleteness.missing);
  return (
    <>
      <p className={styles.none}>
        <StageBadge stage={latest.stage} /> Registered on <DateTime iso={latest.createdAt} />
      </p>
      {!latest.card ? (
        <p className={styles.none} role="note">
          Version {latest.version} was registered without a model card. Add one with its next version.
        </p>
      ) : (
        <>
          <p className={styles.none} data-testid="card-completeness">
            {latest.cardCompleteness.complete ? (
              <span className={styles.pill}>Complete</span>
            ) : (
              <>
                <span className={`${styles.pill} ${styles.warning}`}>Incomplete</span> Missing:{' '}
                {missing.join(', ')}.
              </>
            )}
          </p>
          <ModelCardView card={latest.card} />
        </>
      )}
    </>
  );
}
