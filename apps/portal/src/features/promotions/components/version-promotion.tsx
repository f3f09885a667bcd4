import Link from 'next/link';
import { DateTime } from '@/features/model-detail/components/date-time';
import type { VersionPromotions } from '../graphql/version-promotions';
import { describeProgress, nextTarget } from '../lib/progress-wording';
import { PromotionTimeline } from './promotion-timeline';
import styles from './promotions.module.css';
import { RequestPromotionForm } from './request-promotion-form';
import { WithdrawForm } from './withdraw-form';

/**
 * Under a version on the Versions tab: its open request with N-of-M progress (the requester may
 * withdraw it), a way to ask for the next stage (contributors, when nothing is open), and its
 * promotion timeline. `contributes` and `me` are hints; governance decides each call.
 */
export function VersionPromotion({
  modelId,
  version,
  contributes,
  me,
}: {
  modelId: string;
  version: VersionPromotions;
  contributes: boolean;
  me: string | null;
}) {
  const open = version.promotionRequests.find((r) => r.status === 'PENDING');
  const target = nextTarget(version.stage);
  return (
    <section className={styles.promotion} aria-label={`Promotion of version ${version.version}`}>
      {open ? (
        <div className={styles.item} data-testid="pending-promotion">
          <p className={styles.itemTitle}>
            Waiting for approval to {open.targetStage}:{' '}
            <Link href={`/approvals/${encodeURIComponent(open.id)}`}>{describeProgress(open.progress)}</Link>
          </p>
          <p className={styles.meta}>
            Requested by {open.requestedBy} on <DateTime iso={open.requestedAt} />; expires{' '}
            <DateTime iso={open.expiresAt} />.
          </p>
          {me && open.requestedBy === me ? <WithdrawForm modelId={modelId} requestId={open.id} /> : null}
        </div>
      ) : contributes && target ? (
        <RequestPromotionForm
          modelId={modelId}
          versionId={version.id}
          version={version.version}
          target={target}
        />
      ) : null}
      <PromotionTimeline
        requests={version.promotionRequests}
        moves={version.stageHistory.edges.map((e) => e.node)}
        version={version.version}
      />
    </section>
  );
}
