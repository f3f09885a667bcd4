import type { ReactNode } from 'react';
import styles from './insights.module.css';

/**
 * One panel of the dashboard: a heading, what the figure means, and the chart, or a sentence
 * saying there is nothing to draw for this range.
 */
export function ChartCard({
  id,
  title,
  description,
  empty,
  wide = false,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  /** Shown instead of the chart when set. */
  empty?: string | null;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <section
      className={wide ? `${styles.card} ${styles.wide}` : styles.card}
      aria-labelledby={`${id}-heading`}
      data-testid={id}
    >
      <h2 id={`${id}-heading`}>{title}</h2>
      {description ? <p className={styles.muted}>{description}</p> : null}
      {empty ? <p className={styles.empty}>{empty}</p> : children}
    </section>
  );
}
