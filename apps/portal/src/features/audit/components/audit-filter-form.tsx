import Link from 'next/link';
import { AUDIT_SOURCES, type AuditFilter } from '../lib/audit-filter';
import styles from './audit.module.css';

const SOURCE_LABELS: Record<(typeof AUDIT_SOURCES)[number], string> = {
  REGISTRY: 'Registry',
  LINEAGE: 'Lineage',
  GOVERNANCE: 'Governance',
  METRICS: 'Metrics',
  ACCESS_LOG: 'Refused access',
};

/** A plain GET form: submitting it puts the filter in the URL, and paging starts over. */
export function AuditFilterForm({ filter }: { filter: AuditFilter }) {
  return (
    <form className={styles.filter} method="get" action="/audit" aria-label="Filter the audit log">
      <label>
        Source
        <select name="source" defaultValue={filter.source ?? ''}>
          <option value="">All sources</option>
          {AUDIT_SOURCES.map((source) => (
            <option key={source} value={source}>
              {SOURCE_LABELS[source]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type
        <input
          name="type"
          defaultValue={filter.type ?? ''}
          maxLength={200}
          placeholder="registry.ModelVersionCreated"
        />
      </label>
      <label>
        Subject
        <input
          name="subject"
          defaultValue={filter.subject ?? ''}
          maxLength={300}
          placeholder="ModelVersion:…"
        />
      </label>
      <label>
        Actor
        <input name="actor" defaultValue={filter.actor ?? ''} maxLength={300} />
      </label>
      <label>
        From (UTC)
        <input type="date" name="from" defaultValue={filter.from ?? ''} />
      </label>
      <label>
        To (UTC)
        <input type="date" name="to" defaultValue={filter.to ?? ''} />
      </label>
      <div className={styles.filterActions}>
        <button type="submit">Filter</button>
        <Link href="/audit">Clear</Link>
      </div>
    </form>
  );
}
