import type { AuditEntryRow } from '../graphql/audit-log';
import { shortHash } from '../lib/chain-summary';
import styles from './audit.module.css';

/** `2027-01-31 11:59:58 UTC`: the same on every screen, whatever the server's time zone. */
const utc = (iso: string) => `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** One page of the chain; on a narrow screen each row becomes a card (labels from `data-label`). */
export function AuditTable({ entries }: { entries: AuditEntryRow[] }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} aria-label="Audit entries">
        <thead>
          <tr>
            <th scope="col">Seq</th>
            <th scope="col">Time</th>
            <th scope="col">Source</th>
            <th scope="col">Type</th>
            <th scope="col">Subject</th>
            <th scope="col">Actor</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq}>
              <td data-label="Seq">#{entry.seq}</td>
              <td data-label="Time">
                <time dateTime={entry.occurredAt}>{utc(entry.occurredAt)}</time>
              </td>
              <td data-label="Source">{entry.source}</td>
              <td data-label="Type" className={styles.wrap}>
                {entry.type}
              </td>
              <td data-label="Subject" className={styles.wrap}>
                <code>{entry.subject}</code>
              </td>
              <td data-label="Actor" className={styles.wrap}>
                {entry.actor ?? '—'}
              </td>
              <td data-label="Hash">
                <code title={entry.hash}>{shortHash(entry.hash)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
