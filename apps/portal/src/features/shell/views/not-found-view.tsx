import Link from 'next/link';
import type { ReactNode } from 'react';
import styles from './not-found-view.module.css';

/** A friendly 404 with a way back to the catalog. */
export function NotFoundView({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className={styles.box} aria-labelledby="not-found-title">
      <p className={styles.code}>404</p>
      <h1 id="not-found-title" className={styles.title}>
        {title}
      </h1>
      <p className={styles.body}>{children}</p>
      <Link href="/" className={styles.link}>
        Back to the catalog
      </Link>
    </section>
  );
}
