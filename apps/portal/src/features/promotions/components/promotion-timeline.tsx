import { StageBadge } from '@/components/stage-badge/stage-badge';
import { DateTime } from '@/features/model-detail/components/date-time';
import type { PromotionRequest, StageMove } from '../graphql/promotion-fields';
import { promotionTimeline, type TimelineEntry } from '../lib/promotion-timeline';
import styles from './promotions.module.css';

const OUTCOME: Record<PromotionRequest['status'], string> = {
  PENDING: 'is open',
  APPROVED: 'approved',
  REJECTED: 'rejected',
  WITHDRAWN: 'withdrawn',
  EXPIRED: 'expired without a decision',
};

function Entry({ entry }: { entry: TimelineEntry }) {
  switch (entry.kind) {
    case 'requested':
      return (
        <>
          {entry.request.requestedBy} requested {entry.request.targetStage} ({entry.request.riskTierAtRequest}{' '}
          risk): “{entry.request.justification}”
        </>
      );
    case 'decision':
      return (
        <>
          {entry.decision.approver} {entry.decision.decision === 'APPROVE' ? 'approved' : 'rejected'}
          {entry.decision.comment ? `: “${entry.decision.comment}”` : ''}
        </>
      );
    case 'closed':
      return (
        <>
          Request for {entry.request.targetStage} {OUTCOME[entry.request.status]}
          {entry.request.decisionReason ? ` (${entry.request.decisionReason})` : ''}
        </>
      );
    case 'moved':
      return (
        <>
          <StageBadge stage={entry.move.from} /> → <StageBadge stage={entry.move.to} /> by {entry.move.actor}
          {entry.move.reason ? `: ${entry.move.reason}` : ''}
        </>
      );
  }
}

/** A version's requests, decisions and stage moves in time order, folded away by default. */
export function PromotionTimeline({
  requests,
  moves,
  version,
}: {
  requests: PromotionRequest[];
  moves: StageMove[];
  version: number;
}) {
  const entries = promotionTimeline(requests, moves);
  if (entries.length === 0) return null;
  return (
    <details data-testid="promotion-timeline">
      <summary>Promotion timeline ({entries.length})</summary>
      <ol className={styles.timeline} aria-label={`Promotion timeline of version ${version}`}>
        {entries.map((entry, i) => (
          // Entries have no id of their own; their order is fixed by the merge.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={i}>
            <DateTime iso={entry.at} />: <Entry entry={entry} />
          </li>
        ))}
      </ol>
    </details>
  );
}
