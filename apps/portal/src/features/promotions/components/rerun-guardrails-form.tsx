'use client';

import { useActionState } from 'react';
import { rerunGuardrails } from '../actions/promotion-actions';
import styles from './promotions.module.css';

/** Runs an open request's guardrails again, under the model's current risk tier (new metrics, a new tier). */
export function RerunGuardrailsForm({ requestId }: { requestId: string }) {
  const [state, action, pending] = useActionState(rerunGuardrails, null);
  return (
    <form action={action}>
      <input type="hidden" name="requestId" value={requestId} />
      {state?.error ? (
        <p role="alert" className={styles.problem}>
          {state.error}
        </p>
      ) : null}
      <button type="submit" disabled={pending}>
        Run the guardrails again
      </button>
    </form>
  );
}
