import type { ReactNode } from 'react';
import styles from './status-message.module.css';

interface Props {
  title: string;
  children?: ReactNode;
  tone?: 'neutral' | 'error';
  action?: { label: string; onClick: () => void };
}

/** The empty and error states of the results: a short message and at most one action. */
export function StatusMessage({ title, children, tone = 'neutral', action }: Props) {
  return (
    <div
      className={`${styles.box} ${tone === 'error' ? styles.error : ''}`}
      role={tone === 'error' ? 'alert' : undefined}
    >
      <p className={styles.title}>{title}</p>
      {children ? <p className={styles.body}>{children}</p> : null}
      {action ? (
        <button type="button" className={styles.action} onClick={action.onClick}>
          {action.label}
        </button>
      ) : null}
    </div>
  );
}
