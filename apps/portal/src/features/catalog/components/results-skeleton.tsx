import styles from './results-skeleton.module.css';

/** Placeholder cards while the first results load. */
export function ResultsSkeleton({ rows = 4 }: { rows?: number }) {
  return (
    <div className={styles.list} aria-hidden="true">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders never reorder
        <div key={i} className={styles.card}>
          <div className={`${styles.bar} ${styles.title}`} />
          <div className={`${styles.bar} ${styles.meta}`} />
          <div className={`${styles.bar} ${styles.text}`} />
        </div>
      ))}
    </div>
  );
}
