import Link from 'next/link';
import type { Insights } from '../graphql/insights';
import { flagWords } from '../lib/chart-data';
import styles from './insights.module.css';

/**
 * The riskiest production models the caller may see, each linking to its page. Models they may
 * not see are only counted (the API never sends their names).
 */
export function TopRisksTable({ risk }: { risk: Insights['riskPosture'] }) {
  return (
    <>
      {risk.topRisks.length > 0 ? (
        <div className={styles.tableWrap}>
          <table className={styles.table} aria-label="Top risks">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Team</th>
                <th scope="col">Version</th>
                <th scope="col">Tier</th>
                <th scope="col">Risks</th>
              </tr>
            </thead>
            <tbody>
              {risk.topRisks.map((item) => (
                <tr key={item.modelVersionId}>
                  <td data-label="Model">
                    <Link href={`/models/${encodeURIComponent(item.modelId)}`}>{item.modelName}</Link>
                  </td>
                  <td data-label="Team">{item.team}</td>
                  <td data-label="Version">
                    <Link
                      href={`/models/${encodeURIComponent(item.modelId)}/versions#v-${item.modelVersionId}`}
                    >
                      {item.version === null ? '—' : `v${item.version}`}
                    </Link>
                  </td>
                  <td data-label="Tier">{item.riskTier}</td>
                  <td data-label="Risks">
                    <ul className={styles.flags}>
                      {item.flags.map((flag) => (
                        <li key={flag}>{flagWords(flag)}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className={styles.empty}>
          {risk.hiddenRisks > 0
            ? 'No production model you can see carries a risk flag.'
            : 'No production model carries a risk flag.'}
        </p>
      )}
      {risk.hiddenRisks > 0 ? (
        <p className={styles.muted} data-testid="hidden-risks">
          {risk.hiddenRisks} more {risk.hiddenRisks === 1 ? 'risk' : 'risks'} in models you cannot see.
        </p>
      ) : null}
    </>
  );
}
