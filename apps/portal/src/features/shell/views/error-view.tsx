'use client';

import styles from './not-found-view.module.css';

/** The page-level error state. Server error details stay on the server; the digest links to its log. */
export function ErrorView({ digest, onRetry }: { digest?: string; onRetry: () => void }) {
  return (
    <section className={styles.box} role="alert" aria-labelledby="error-title">
      <h1 id="error-title" className={styles.title}>
        Something went wrong
      </h1>
      <p className={styles.body}>
        This page could not be loaded. The Cairn API may be unavailable; try again in a moment.
        {digest ? <> (Reference {digest})</> : null}
      </p>
      <button type="button" className={styles.link} onClick={onRetry}>
        Try again
      </button>
    </section>
  );
}
