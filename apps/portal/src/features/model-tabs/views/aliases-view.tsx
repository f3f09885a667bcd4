import Link from 'next/link';
import { DateTime } from '@/features/model-detail/components/date-time';
import type { AliasChange, ModelAlias } from '../graphql/model-aliases';
import { actionLabel, changeTargets } from '../lib/alias-change';
import styles from './tab-view.module.css';

/** The aliases now (name → version), then every change to them, newest first. */
export function AliasesView({
  modelId,
  aliases,
  history,
  totalChanges,
  olderCursor,
  paged,
}: {
  modelId: string;
  aliases: ModelAlias[];
  history: AliasChange[];
  totalChanges: number;
  /** Where the next, older page of the history starts, if there is one. */
  olderCursor: string | null;
  /** Whether this page starts somewhere below the newest change. */
  paged: boolean;
}) {
  const base = `/models/${encodeURIComponent(modelId)}/aliases`;
  return (
    <div className={styles.panel}>
      <section aria-labelledby="aliases-heading" className={styles.section} data-testid="aliases-current">
        <h2 id="aliases-heading" className={styles.sectionTitle}>
          Aliases <span className={styles.count}>({aliases.length})</span>
        </h2>
        <p className={styles.none}>
          <code>latest</code> always names the highest-numbered version and is not listed.
        </p>
        {aliases.length === 0 ? (
          <p className={styles.none}>No aliases yet.</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className={styles.table}>
              <caption className="visually-hidden">Aliases and the versions they name</caption>
              <thead>
                <tr>
                  <th scope="col">Alias</th>
                  <th scope="col">Version</th>
                  <th scope="col">Protected</th>
                  <th scope="col">Last changed</th>
                </tr>
              </thead>
              <tbody>
                {aliases.map((alias) => (
                  <tr key={alias.name} data-testid="alias-row">
                    <th scope="row">
                      <code>{alias.name}</code>
                    </th>
                    <td>v{alias.version.version}</td>
                    <td>
                      {alias.protected ? (
                        <span className={styles.pill} title="Only the team's maintainers change it">
                          Protected
                        </span>
                      ) : (
                        <span className={styles.muted}>No</span>
                      )}
                    </td>
                    <td>
                      <DateTime iso={alias.updatedAt} />
                      <span className={styles.muted}> by {alias.updatedBy}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="alias-history-heading" className={styles.section} data-testid="alias-history">
        <h2 id="alias-history-heading" className={styles.sectionTitle}>
          History <span className={styles.count}>({totalChanges})</span>
        </h2>
        {history.length === 0 ? (
          <p className={styles.none}>{paged ? 'No older changes.' : 'No alias has been set yet.'}</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className={styles.table}>
              <caption className="visually-hidden">Changes to the aliases, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Alias</th>
                  <th scope="col">Change</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Who</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {history.map((change) => {
                  const { from, to } = changeTargets(change);
                  return (
                    <tr key={change.id} data-testid="alias-change">
                      <td>
                        <DateTime iso={change.at} />
                      </td>
                      <th scope="row">
                        <code>{change.alias}</code>
                      </th>
                      <td>{actionLabel(change.action)}</td>
                      <td>{from}</td>
                      <td>{to}</td>
                      <td>{change.actor}</td>
                      <td>{change.reason ?? <span className={styles.muted}>—</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {paged || olderCursor ? (
          <p className={styles.none}>
            {paged ? <Link href={base}>Newest changes</Link> : null}
            {paged && olderCursor ? ' · ' : null}
            {olderCursor ? (
              <Link href={`${base}?after=${encodeURIComponent(olderCursor)}`}>Older changes</Link>
            ) : null}
          </p>
        ) : null}
      </section>
    </div>
  );
}
