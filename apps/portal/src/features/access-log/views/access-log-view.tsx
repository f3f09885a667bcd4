'use client';

import { type FormEvent, useState } from 'react';
import { useQuery } from 'urql';
import { ACCESS_LOG_QUERY, type AccessLogData } from '../graphql/access-log';
import { type AccessLogFilterForm, accessLogFilter, exportHref } from '../lib/access-log-filter';
import styles from './access-log-view.module.css';

const EMPTY: AccessLogFilterForm = { from: '', to: '', subject: '', outcome: '' };

/** The access log for platform admins and auditors: newest first, filtered, exported as JSON Lines. */
export function AccessLogView() {
  const [form, setForm] = useState<AccessLogFilterForm>(EMPTY);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors.at(-1) ?? null;
  const [log] = useQuery<AccessLogData>({
    query: ACCESS_LOG_QUERY,
    variables: { filter: accessLogFilter(form), after },
    requestPolicy: 'network-only',
  });

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setForm({
      from: String(data.get('from') ?? ''),
      to: String(data.get('to') ?? ''),
      subject: String(data.get('subject') ?? ''),
      outcome: String(data.get('outcome') ?? ''),
    });
    setCursors([null]);
  }

  const page = log.data?.accessLog;
  return (
    <section className={styles.page} aria-labelledby="access-log-heading">
      <h1 id="access-log-heading">Access log</h1>
      <p className={styles.lead}>
        Every change and every refused attempt, newest first. Entries arrive within a few seconds.
      </p>
      <form className={styles.filter} onSubmit={onFilter} aria-label="Filter the access log">
        <label>
          From (UTC)
          <input type="date" name="from" />
        </label>
        <label>
          To (UTC)
          <input type="date" name="to" />
        </label>
        <label>
          Subject
          <input name="subject" maxLength={255} />
        </label>
        <label>
          Outcome
          <input name="outcome" maxLength={64} placeholder="OK, FORBIDDEN, …" />
        </label>
        <button type="submit">Filter</button>
        <a href={exportHref(form)} download>
          Export JSON Lines
        </a>
      </form>
      {log.error ? (
        <p role="alert">{log.error.graphQLErrors[0]?.message ?? 'The access log could not be loaded.'}</p>
      ) : null}
      {page ? (
        <div className={styles.tableWrap}>
          <table className={styles.table} aria-label="Access log entries">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Client</th>
                <th scope="col">Operation</th>
                <th scope="col">Outcome</th>
                <th scope="col">Request id</th>
              </tr>
            </thead>
            <tbody>
              {page.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>{new Date(node.occurredAt).toLocaleString()}</td>
                  <td>{node.email ?? node.subject ?? 'not signed in'}</td>
                  <td>{node.clientKind ? `${node.clientKind}: ${node.clientId}` : '—'}</td>
                  <td>
                    {node.operationType?.toLowerCase() ?? '—'}{' '}
                    {node.operationName ?? node.rootFields.join(', ')}
                  </td>
                  <td>{node.outcome}</td>
                  <td>
                    <code>{node.requestId}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.edges.length === 0 ? <p>No entries match.</p> : null}
        </div>
      ) : null}
      <div className={styles.pager}>
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          disabled={!page?.pageInfo.hasNextPage}
          onClick={() => setCursors([...cursors, page?.pageInfo.endCursor ?? null])}
        >
          Older
        </button>
      </div>
    </section>
  );
}
