import Link from 'next/link';
import type { Session } from 'next-auth';
import { CairnMark } from '@/components/brand/cairn-mark';
import styles from './app-header.module.css';
import { SignOutButton } from './sign-out-button';

export function AppHeader({ user }: { user: Session['user'] }) {
  const display = user.name || user.email || 'Signed in';
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href="/" className={styles.brand}>
          <CairnMark />
          <span>Cairn</span>
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          <Link href="/">Catalog</Link>
        </nav>
        <div className={styles.user}>
          <p className={styles.identity}>
            <span className="visually-hidden">Signed in as </span>
            <span className={styles.name}>{display}</span>
            {user.email && user.name ? <span className={styles.email}>{user.email}</span> : null}
          </p>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
