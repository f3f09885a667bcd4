import styles from './stage-badge.module.css';

export type Stage = 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION' | 'DEPRECATED' | 'ARCHIVED';

const LABELS: Record<Stage, string> = {
  DEVELOPMENT: 'Development',
  STAGING: 'Staging',
  PRODUCTION: 'Production',
  DEPRECATED: 'Deprecated',
  ARCHIVED: 'Archived',
};

/** A lifecycle stage as a small coloured pill; the text, not the colour, carries the meaning. */
export function StageBadge({ stage }: { stage: Stage }) {
  return <span className={`${styles.badge} ${styles[stage] ?? ''}`}>{LABELS[stage] ?? stage}</span>;
}
