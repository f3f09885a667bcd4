import { DateTime } from '@/features/model-detail/components/date-time';
import type { VersionStage } from '@/features/model-tabs/graphql/model-overview';
import type { RiskTier } from '../graphql/promotion-fields';
import type { PendingRiskTierChange, RiskTierChange } from '../graphql/risk-tier';
import { PendingTierChange } from './pending-tier-change';
import styles from './promotions.module.css';
import { RiskTierBadge } from './risk-tier-badge';
import { RiskTierForm } from './risk-tier-form';
import { RollbackForm } from './rollback-form';

const HISTORY_SHOWN = 5;

/**
 * On the overview: the model's risk tier, which decides how many approvals (and which approval
 * roles) a promotion needs, its recent changes, and for maintainers a form to change it; for its
 * maintainers and approvers, a rollback of PRODUCTION when a version is there.
 */
export function GovernanceSection({
  modelId,
  tier,
  history,
  maintains,
  notice,
  className,
  rollback = null,
  pendingChange = null,
  decidesTierChange = false,
}: {
  modelId: string;
  tier: RiskTier;
  history: RiskTierChange[] | null;
  maintains: boolean;
  notice: string | null;
  className?: string;
  /** Offered when a version is in PRODUCTION and the caller may roll it back. */
  rollback?: { production: VersionStage; deprecated: VersionStage[] } | null;
  /** A lowering of the tier waiting for an approver; `decidesTierChange` offers the decision. */
  pendingChange?: PendingRiskTierChange | null;
  decidesTierChange?: boolean;
}) {
  return (
    <section aria-labelledby="governance-heading" className={className} data-testid="governance">
      <h2 id="governance-heading">Governance</h2>
      {notice ? (
        <p role="status" className={styles.notice}>
          {notice}
        </p>
      ) : null}
      <p className={styles.meta}>
        <RiskTierBadge tier={tier} /> The risk tier decides the approval policy of every promotion request.
      </p>
      {history === null ? (
        <p className={styles.meta}>The tier’s history could not be loaded.</p>
      ) : history.length === 0 ? (
        <p className={styles.meta}>Never set: MEDIUM by default.</p>
      ) : (
        <ol className={styles.timeline} aria-label="Risk tier changes">
          {history.slice(0, HISTORY_SHOWN).map((change) => (
            <li key={`${change.occurredAt}-${change.to}`}>
              <DateTime iso={change.occurredAt} />: {change.from ? `${change.from} → ` : ''}
              {change.to} by {change.actor}: {change.reason}
            </li>
          ))}
        </ol>
      )}
      {pendingChange ? (
        <PendingTierChange modelId={modelId} change={pendingChange} decides={decidesTierChange} />
      ) : null}
      {maintains && !pendingChange ? <RiskTierForm modelId={modelId} tier={tier} /> : null}
      {rollback ? (
        <RollbackForm modelId={modelId} production={rollback.production} deprecated={rollback.deprecated} />
      ) : null}
    </section>
  );
}
