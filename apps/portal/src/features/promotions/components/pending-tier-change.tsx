'use client';

import { useActionState } from 'react';
import { approveRiskTierChange, rejectRiskTierChange } from '../actions/promotion-actions';
import type { PendingRiskTierChange } from '../graphql/risk-tier';
import styles from './promotions.module.css';

/**
 * A maintainer's request to lower the tier. Approvers of the team (not the one who asked)
 * approve it or reject it with a reason; everyone else sees that it waits.
 */
export function PendingTierChange({
  modelId,
  change,
  decides,
}: {
  modelId: string;
  change: PendingRiskTierChange;
  decides: boolean;
}) {
  const [approveState, approve, approving] = useActionState(approveRiskTierChange, null);
  const [rejectState, reject, rejecting] = useActionState(rejectRiskTierChange, null);
  const error = approveState?.error ?? rejectState?.error;
  return (
    <section aria-label="Risk tier change waiting for approval" className={styles.notice}>
      <p>
        {change.requestedBy} asks to lower the tier from {change.from} to {change.to}: “{change.reason}”. It
        waits for an approver of the team; the tier stays {change.from} until then.
      </p>
      {decides ? (
        <>
          <form action={approve} className={styles.form} aria-label="Approve the lower risk tier">
            <input type="hidden" name="modelId" value={modelId} />
            <input type="hidden" name="changeId" value={change.id} />
            <button type="submit" disabled={approving}>
              Approve {change.to}
            </button>
          </form>
          <form action={reject} className={styles.form} aria-label="Reject the lower risk tier">
            <input type="hidden" name="modelId" value={modelId} />
            <input type="hidden" name="changeId" value={change.id} />
            <label>
              Why not (the maintainer reads it)
              <textarea name="reason" rows={2} maxLength={1000} required />
            </label>
            <button type="submit" disabled={rejecting}>
              Reject
            </button>
          </form>
        </>
      ) : null}
      {error ? (
        <p role="alert" className={styles.problem}>
          {error}
        </p>
      ) : null}
    </section>
  );
}
