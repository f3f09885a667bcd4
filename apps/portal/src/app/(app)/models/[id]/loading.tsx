import styles from '@/features/model-tabs/views/model-layout.module.css';

/** Shown under the header and tabs while a tab's content loads. */
export default function ModelTabLoading() {
  return (
    <p className={styles.loading} role="status" aria-live="polite" data-testid="tab-loading">
      Loading…
    </p>
  );
}
