import styles from '@/features/audit/components/audit.module.css';

/** Verifying the chain recomputes every hash: say so while it runs. */
export default function AuditLoading() {
  return (
    <section className={styles.page} aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <p className={styles.loading} role="status" aria-live="polite">
        Verifying the chain and loading entries…
      </p>
    </section>
  );
}
