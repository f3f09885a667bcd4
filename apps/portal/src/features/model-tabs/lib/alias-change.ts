import type { AliasAction, AliasChange } from '../graphql/model-aliases';

const ACTION_LABELS: Record<AliasAction, string> = {
  SET: 'Set',
  MOVE: 'Moved',
  DELETE: 'Deleted',
  ROLLBACK: 'Rolled back',
  PROTECT: 'Protected',
  UNPROTECT: 'Unprotected',
};

export function actionLabel(action: AliasAction): string {
  return ACTION_LABELS[action] ?? action;
}

const label = (v: { version: number } | null) => (v ? `v${v.version}` : '—');

/** The history row's "from" and "to" as version labels; a dash where the action has none. */
export function changeTargets(change: Pick<AliasChange, 'fromVersion' | 'toVersion'>): {
  from: string;
  to: string;
} {
  return { from: label(change.fromVersion), to: label(change.toVersion) };
}
