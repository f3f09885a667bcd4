'use client';

import { useActionState } from 'react';
import { withdrawPromotion } from '../actions/promotion-actions';
import styles from './promotions.module.css';

/** The requester takes their open request back. */
export function WithdrawForm({ modelId, requestId }: { modelId: string; requestId: string }) {
  const [state, action, pending] = useActionState(withdrawPromotion, null);
  return (
    <form action={action}>
      <input type="hidden" name="modelId" value={modelId} />
      <input type="hidden" name="requestId" value={requestId} />
      {state?.error ? (
        <p role="alert" className={styles.problem}>
          {state.error}
        </p>
      ) : null}
      <button type="submit" disabled={pending}>
        Withdraw request
      </button>
    </form>
  );
}
