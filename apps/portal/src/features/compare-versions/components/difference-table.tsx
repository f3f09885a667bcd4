import type { ReactNode } from 'react';
import type { ChangeKind } from '../graphql/compare-versions';
import styles from './compare.module.css';

export interface DifferenceRow {
  key: string;
  label: ReactNode;
  cells: ReactNode[];
  /** Per version against the baseline; marks the cells that differ. */
  changes: ChangeKind[];
}

const CHANGE_TEXT: Record<ChangeKind, string> = {
  SAME: '',
  CHANGED: 'changed',
  ADDED: 'added',
  REMOVED: 'removed',
};

/**
 * One section of the comparison: a row per key, a column per version (baseline first). Wide
 * tables scroll sideways inside their box, so a phone keeps the page width.
 */
export function DifferenceTable({
  id,
  title,
  keyHeading,
  labels,
  rows,
  empty,
}: {
  id: string;
  title: string;
  keyHeading: string;
  labels: string[];
  rows: DifferenceRow[];
  empty: string;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className={styles.section} data-testid={`compare-${id}`}>
      <h2 id={`${id}-heading`} className={styles.sectionTitle}>
        {title} <span className={styles.count}>({rows.length})</span>
      </h2>
      {rows.length === 0 ? (
        <p className={styles.none}>{empty}</p>
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{keyHeading}</th>
                {labels.map((label, i) => (
                  <th scope="col" key={label}>
                    {label}
                    {i === 0 ? <span className={styles.baseline}> baseline</span> : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.label}</th>
                  {row.cells.map((cell, i) => {
                    const change = row.changes[i] ?? 'SAME';
                    return (
                      <td
                        key={labels[i]}
                        className={change === 'SAME' ? undefined : styles[change.toLowerCase()]}
                      >
                        {cell}
                        {CHANGE_TEXT[change] ? (
                          <span className={styles.change}> {CHANGE_TEXT[change]}</span>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
