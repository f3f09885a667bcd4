'use client';

import { useActionState } from 'react';
import { acknowledgeDriftAlarm } from '../actions/drift-actions';
import styles from './drift.module.css';

/** A contributor closes an open alarm, with an optional note; the API's refusal shows here. */
export function AcknowledgeForm({ modelId, alarmId }: { modelId: string; alarmId: string }) {
  const [state, action, pending] = useActionState(acknowledgeDriftAlarm, null);
  return (
    <form action={action} className={styles.acknowledge} aria-label="Acknowledge drift alarm">
      <input type="hidden" name="modelId" value={modelId} />
      <input type="hidden" name="alarmId" value={alarmId} />
      <label>
        Note <span className={styles.muted}>(optional)</span>
        <input name="note" maxLength={2000} placeholder="e.g. retrain scheduled" />
      </label>
      <button type="submit" disabled={pending}>
        Acknowledge
      </button>
      {state?.error ? (
        <p role="alert" className={styles.problem}>
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
