import { DateTime } from '@/features/model-detail/components/date-time';
import type { PromotionRequest } from '../graphql/promotion-fields';
import styles from './promotions.module.css';

/** Approvals and rejections so far, oldest first, with the roles each approver held then. */
export function DecisionList({ request }: { request: PromotionRequest }) {
  if (request.decisions.length === 0) return <p className={styles.meta}>No decisions yet.</p>;
  const stale = new Set(request.progress.staleApprovers);
  return (
    <ol className={styles.timeline} aria-label="Decisions">
      {request.decisions.map((d) => (
        <li key={`${d.approver}-${d.occurredAt}`}>
          <strong>{d.decision === 'APPROVE' ? 'Approved' : 'Rejected'}</strong> by {d.approver}
          {d.approvalRoles.length > 0 ? ` (${d.approvalRoles.join(', ')})` : ''} on{' '}
          <DateTime iso={d.occurredAt} />
          {d.decision === 'APPROVE' && stale.has(d.approver) ? ' — no longer counts' : ''}
          {d.comment ? `: “${d.comment}”` : ''}
        </li>
      ))}
    </ol>
  );
}
