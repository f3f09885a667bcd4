'use client';

import { useActionState } from 'react';
import { approvePromotion, rejectPromotion } from '../actions/promotion-actions';
import styles from './promotions.module.css';

/**
 * Approve (with an optional comment) or reject (with a reason). Plain forms posting to server
 * actions, so they work before the page's JavaScript has loaded; a refusal comes back as text.
 */
export function DecisionForms({ requestId }: { requestId: string }) {
  const [approveState, approve, approving] = useActionState(approvePromotion, null);
  const [rejectState, reject, rejecting] = useActionState(rejectPromotion, null);
  const busy = approving || rejecting;
  return (
    <div className={styles.forms}>
      <form action={approve} className={styles.form} aria-label="Approve">
        <input type="hidden" name="requestId" value={requestId} />
        <label>
          Comment (optional)
          <textarea name="comment" rows={2} maxLength={2000} />
        </label>
        {approveState?.error ? (
          <p role="alert" className={styles.problem}>
            {approveState.error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Approve
        </button>
      </form>
      <form action={reject} className={styles.form} aria-label="Reject">
        <input type="hidden" name="requestId" value={requestId} />
        <label>
          Reason (required, shown to the requester)
          <textarea name="reason" rows={2} maxLength={2000} required />
        </label>
        {rejectState?.error ? (
          <p role="alert" className={styles.problem}>
            {rejectState.error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Reject
        </button>
      </form>
    </div>
  );
}
