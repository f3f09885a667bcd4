'use client';

import { useActionState } from 'react';
import { requestPromotion } from '../actions/promotion-actions';
import type { PromotionTarget } from '../graphql/promotion-fields';
import styles from './promotions.module.css';

/** Asks for the version's next stage, with a justification for the approvers. */
export function RequestPromotionForm({
  modelId,
  versionId,
  version,
  target,
}: {
  modelId: string;
  versionId: string;
  version: number;
  target: PromotionTarget;
}) {
  const [state, action, pending] = useActionState(requestPromotion, null);
  return (
    <details>
      <summary>Request promotion to {target}</summary>
      <form action={action} className={styles.form} aria-label={`Request promotion of version ${version}`}>
        <input type="hidden" name="modelId" value={modelId} />
        <input type="hidden" name="modelVersionId" value={versionId} />
        <input type="hidden" name="targetStage" value={target} />
        <label>
          Justification (for the approvers)
          <textarea name="justification" rows={3} maxLength={2000} required />
        </label>
        {state?.error ? (
          <p role="alert" className={styles.problem}>
            {state.error}
          </p>
        ) : null}
        <button type="submit" disabled={pending}>
          Request {target}
        </button>
      </form>
    </details>
  );
}
