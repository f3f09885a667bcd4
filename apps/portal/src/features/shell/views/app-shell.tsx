import type { Session } from 'next-auth';
import type { ReactNode } from 'react';
import { UrqlProvider } from '@/lib/urql/urql-provider';
import { AppHeader } from '../components/app-header';
import styles from './app-shell.module.css';

/** The frame around every signed-in page: skip link, header, and the main landmark. */
export function AppShell({ user, children }: { user: Session['user']; children: ReactNode }) {
  return (
    <>
      <a href="#main" className={styles.skip}>
        Skip to content
      </a>
      <AppHeader user={user} />
      <UrqlProvider>
        <main id="main" className={styles.main}>
          {children}
        </main>
      </UrqlProvider>
    </>
  );
}
