import Link from 'next/link';
import type { Session } from 'next-auth';
import { CairnMark } from '@/components/brand/cairn-mark';
import { UserRights } from '@/features/account/components/user-rights';
import { loadMe } from '@/features/account/lib/load-me';
import { loadInboxCount } from '@/features/promotions/lib/load-inbox';
import { approvesAnywhere } from '@/features/promotions/lib/team-rights';
import styles from './app-header.module.css';
import { SignOutButton } from './sign-out-button';

export async function AppHeader({ user }: { user: Session['user'] }) {
  const display = user.name || user.email || 'Signed in';
  const me = await loadMe();
  // A hint only: governance answers FORBIDDEN to anyone else (access log and audit chain alike).
  const readsAccessLog = (me?.orgRoles ?? []).some((role) =>
    ['platform-admin', 'auditor'].includes(role.toLowerCase().replace('_', '-')),
  );
  // Only approvers have an inbox worth counting; everyone may still open /approvals.
  const waiting = approvesAnywhere(me) ? await loadInboxCount() : null;
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href="/" className={styles.brand}>
          <CairnMark />
          <span>Cairn</span>
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          <Link href="/">Catalog</Link>
          <Link href="/approvals">
            Approvals
            {waiting ? (
              <span className={styles.badge} data-testid="approvals-count">
                {' '}
                {waiting}
                <span className="visually-hidden"> waiting</span>
              </span>
            ) : null}
          </Link>
          {/* Everyone signed in: the API decides which teams and model names each caller sees. */}
          <Link href="/insights">Insights</Link>
          <Link href="/teams">Teams</Link>
          <Link href="/access-requests">Access</Link>
          <Link href="/settings/tokens">API tokens</Link>
          {readsAccessLog ? <Link href="/admin/access-log">Access log</Link> : null}
          {readsAccessLog ? <Link href="/audit">Audit</Link> : null}
        </nav>
        <div className={styles.user}>
          <details className={styles.menu}>
            <summary className={styles.identity}>
              <span className="visually-hidden">Signed in as </span>
              <span className={styles.name}>{display}</span>
              {user.email && user.name ? <span className={styles.email}>{user.email}</span> : null}
            </summary>
            <div className={styles.panel}>{me ? <UserRights me={me} /> : null}</div>
          </details>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
