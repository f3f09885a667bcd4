import styles from '@/features/insights/components/insights.module.css';

/** The figures come from aggregates, but a long range still takes a moment: say so. */
export default function InsightsLoading() {
  return (
    <section className={styles.page} aria-labelledby="insights-heading" aria-busy="true">
      <h1 id="insights-heading">Insights</h1>
      <p className={styles.muted} role="status" aria-live="polite">
        Loading the figures…
      </p>
      <div className={styles.grid}>
        {['adoption', 'shares', 'lead-time', 'risk'].map((key) => (
          <div key={key} className={styles.skeleton} />
        ))}
      </div>
    </section>
  );
}
