import styles from './version-card.module.css';

/** Says that a list shows only its first page. */
export function MoreNote({ shown, total, what }: { shown: number; total: number; what: string }) {
  if (total <= shown) return null;
  return (
    <p className={styles.none}>
      Showing the first {shown} of {total} {what}.
    </p>
  );
}
