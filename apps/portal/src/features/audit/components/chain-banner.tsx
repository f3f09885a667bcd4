import { type ChainVerification, chainSummary } from '../lib/chain-summary';
import styles from './audit.module.css';

/** Whether the whole chain verifies, as governance recomputed it for this page view. */
export function ChainBanner({ verification }: { verification: ChainVerification }) {
  const checkpoint = verification.lastCheckpoint;
  return (
    <div
      className={verification.valid ? styles.bannerOk : styles.bannerBroken}
      role="status"
      data-testid="chain-banner"
    >
      <p className={styles.bannerTitle}>{chainSummary(verification)}</p>
      {checkpoint ? (
        <p className={styles.bannerDetail}>
          Signed by key <code title={checkpoint.keyId}>{checkpoint.keyId.slice(0, 16)}…</code>; compare it
          with the key your organisation published for governance.
        </p>
      ) : null}
    </div>
  );
}
