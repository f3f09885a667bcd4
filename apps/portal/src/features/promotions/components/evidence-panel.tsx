import { missingSectionTitles } from '@/features/model-tabs/lib/card-sections';
import type { Completeness, GuardrailRun } from '../graphql/promotion-detail';
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
 * The evidence for the version: the guardrails' verdict on it (policy as code, each check
 * explained, and which policy bundle decided), and the completeness the registry reports.
 */
export function EvidencePanel({
  card,
  provenance,
  manifestDigest,
  guardrails,
}: {
  card: Completeness;
  provenance: Completeness;
  manifestDigest: string | null;
  guardrails: GuardrailRun | null;
}) {
  return (
    <div className={styles.evidence} data-testid="evidence">
      <div className={styles.item} data-testid="guardrails">
        <h3 className={styles.itemTitle}>
          Guardrails: {guardrails ? (guardrails.passed ? 'pass' : 'fail') : 'not run'}
        </h3>
        {guardrails ? (
          <>
            <ul>
              {guardrails.results.map((result) => (
                <li key={result.check}>
                  {result.passed ? '✓' : '✗'} <strong>{result.check}</strong>: {result.explanation}
                </li>
              ))}
            </ul>
            <p className={styles.meta}>
              Run for {guardrails.riskTier} at {guardrails.evaluatedAt} by {guardrails.evaluatedBy}; policy
              bundle <code>{guardrails.bundleVersion.slice(0, 19)}…</code>
            </p>
          </>
        ) : null}
      </div>
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
