'use client';

import { useActionState } from 'react';
import { setModelRiskTier } from '../actions/promotion-actions';
import { RISK_TIERS, type RiskTier } from '../graphql/promotion-fields';
import styles from './promotions.module.css';

/** Maintainers change the model's tier with a reason; the change is recorded and published. */
export function RiskTierForm({ modelId, tier }: { modelId: string; tier: RiskTier }) {
  const [state, action, pending] = useActionState(setModelRiskTier, null);
  return (
    <form action={action} className={styles.form} aria-label="Change the risk tier">
      <input type="hidden" name="modelId" value={modelId} />
      <label>
        Risk tier
        <select name="tier" defaultValue={tier}>
          {RISK_TIERS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason (recorded with the change)
        <textarea name="reason" rows={2} maxLength={1000} required />
      </label>
      {state?.error ? (
        <p role="alert" className={styles.problem}>
          {state.error}
        </p>
      ) : null}
      <button type="submit" disabled={pending}>
        Change risk tier
      </button>
    </form>
  );
}
