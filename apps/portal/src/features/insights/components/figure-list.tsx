import styles from './insights.module.css';

/** A panel's headline figures as a description list: label, then value. */
export function FigureList({ figures, testId }: { figures: [string, string][]; testId: string }) {
  return (
    <dl className={styles.stats} data-testid={testId}>
      {figures.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
