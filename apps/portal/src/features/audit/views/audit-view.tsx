import Link from 'next/link';
import styles from '../components/audit.module.css';
import { AuditFilterForm } from '../components/audit-filter-form';
import { AuditTable } from '../components/audit-table';
import { ChainBanner } from '../components/chain-banner';
import type { AuditPage } from '../graphql/audit-log';
import { type AuditFilter, auditExportHref, auditHref, isFiltered } from '../lib/audit-filter';
import type { ChainVerification } from '../lib/chain-summary';

interface AuditViewProps {
  filter: AuditFilter;
  verification: ChainVerification;
  page: AuditPage;
}

/** The tamper-evident audit chain for auditors and platform admins: verified, filtered, exported. */
export function AuditView({ filter, verification, page }: AuditViewProps) {
  const seqs = page.entries.map((entry) => entry.seq);
  return (
    <section className={styles.page} aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <p className={styles.lead}>
        Every event of every service and every refused attempt, chained by hash, newest first. Entries arrive
        a few seconds after the change.
      </p>
      <ChainBanner verification={verification} />
      <AuditFilterForm filter={filter} />
      <p className={styles.exports}>
        {seqs.length > 0 ? (
          <a href={auditExportHref(seqs)} download>
            Export #{Math.min(...seqs)}–#{Math.max(...seqs)} as JSON Lines
          </a>
        ) : null}
        <a href={auditExportHref()} download>
          Export the whole chain
        </a>
        <span className={styles.hint}>
          An export is an unbroken slice of the chain (every source), checkable offline with{' '}
          <code>cairn audit verify</code>.
        </span>
      </p>
      {page.entries.length > 0 ? <AuditTable entries={page.entries} /> : <EmptyState filter={filter} />}
      <nav className={styles.pager} aria-label="Pages">
        {filter.after ? <Link href={auditHref(filter)}>Newest</Link> : null}
        {page.hasNextPage && page.endCursor ? (
          <Link href={auditHref(filter, page.endCursor)}>Older</Link>
        ) : null}
      </nav>
    </section>
  );
}

function EmptyState({ filter }: { filter: AuditFilter }) {
  if (filter.after) return <p className={styles.empty}>No older entries.</p>;
  if (isFiltered(filter)) {
    return (
      <p className={styles.empty}>
        No entries match these filters. <Link href="/audit">Show all entries</Link>
      </p>
    );
  }
  return (
    <p className={styles.empty}>The chain is empty so far: entries appear a few seconds after each change.</p>
  );
}

/** What anyone but an auditor or a platform admin sees instead of the chain. */
export function AuditNotAllowedView({ message }: { message: string }) {
  return (
    <section className={styles.page} aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <div className={styles.notAllowed} role="alert">
        <p className={styles.bannerTitle}>You are not allowed to read the audit log.</p>
        <p>{message}</p>
        <p>
          Auditors and platform admins can. <Link href="/access-requests">Ask for access</Link> if you need
          it.
        </p>
      </div>
    </section>
  );
}
