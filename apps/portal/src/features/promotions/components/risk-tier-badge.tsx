import type { RiskTier } from '../graphql/promotion-fields';
import styles from './promotions.module.css';

/** A model's risk tier as a pill; the word carries the meaning, the colour only echoes it. */
export function RiskTierBadge({ tier }: { tier: RiskTier }) {
  return (
    <span className={`${styles.tier} ${styles[tier] ?? ''}`} data-testid="risk-tier">
      {tier} risk
    </span>
  );
}
