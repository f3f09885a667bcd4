'use client';

import { useActionState } from 'react';
import type { VersionStage } from '@/features/model-tabs/graphql/model-overview';
import { rollbackProduction } from '../actions/promotion-actions';
import styles from './promotions.module.css';

/**
 * One action returns PRODUCTION to the version the current one replaced, or to an earlier
 * approved version picked here. Governance decides who may and whether the tier's policy asks
 * approval first; the form only spares a round trip.
 */
export function RollbackForm({
  modelId,
  production,
  deprecated,
}: {
  modelId: string;
  production: VersionStage;
  deprecated: VersionStage[];
}) {
  const [state, action, pending] = useActionState(rollbackProduction, null);
  return (
    <form action={action} className={styles.form} aria-label="Roll back production">
      <h3>Roll back production</h3>
      <p className={styles.meta}>
        Version {production.version} is in PRODUCTION. A rollback returns the model to an earlier approved
        version; it is recorded, signed and announced.
      </p>
      <input type="hidden" name="modelId" value={modelId} />
      <label>
        Return to
        <select name="toVersionId" defaultValue="">
          <option value="">The version {production.version} replaced</option>
          {deprecated.map((v) => (
            <option key={v.id} value={v.id}>
              Version {v.version}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason (recorded, signed and announced)
        <textarea name="reason" rows={2} maxLength={2000} required />
      </label>
      {state?.error ? (
        <p role="alert" className={styles.problem}>
          {state.error}
        </p>
      ) : null}
      <button type="submit" disabled={pending}>
        Roll back production
      </button>
    </form>
  );
}
