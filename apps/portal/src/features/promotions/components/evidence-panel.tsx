import { missingSectionTitles } from '@/features/model-tabs/lib/card-sections';
import type { Completeness } from '../graphql/promotion-detail';
import styles from './promotions.module.css';

function Check({ title, result, missing }: { title: string; result: Completeness; missing: string[] }) {
  return (
    <div className={styles.item}>
      <h3 className={styles.itemTitle}>
        {title}: {result.complete ? 'complete' : 'incomplete'}
      </h3>
      {result.complete ? null : <p className={styles.meta}>Missing: {missing.join(', ')}.</p>}
    </div>
  );
}

/**
 * The evidence the registry holds today for the version. The guardrail results that governance
 * will record per request are not in the API yet; this shows the completeness they build on.
 */
export function EvidencePanel({
  card,
  provenance,
  manifestDigest,
}: {
  card: Completeness;
  provenance: Completeness;
  manifestDigest: string | null;
}) {
  return (
    <div className={styles.evidence} data-testid="evidence">
      <Check title="Model card" result={card} missing={missingSectionTitles(card.missing)} />
      <Check title="Provenance" result={provenance} missing={provenance.missing} />
      <div className={styles.item}>
        <h3 className={styles.itemTitle}>Manifest</h3>
        <p className={styles.meta}>
          {manifestDigest ? (
            <>
              Approvals bind to <code>{manifestDigest}</code>
            </>
          ) : (
            'Registered before manifests existed: approvals bind to no digest.'
          )}
        </p>
      </div>
    </div>
  );
}
