import { DateTime } from '@/features/model-detail/components/date-time';
import { shortenChecksum } from '@/features/model-detail/lib/format';
import {
  LINEAGE_DATASETS_SHOWN,
  LINEAGE_RUNS_SHOWN,
  LINEAGE_VERSIONS_SHOWN,
  type VersionLineage,
} from '../graphql/model-lineage';
import { datasetsAcrossVersions } from '../lib/datasets-across-versions';
import styles from './tab-view.module.css';

/** Upstream of the versions: the data they were trained on, then each version's training runs. */
export function LineageView({
  versions,
  totalVersions,
}: {
  versions: VersionLineage[];
  totalVersions: number;
}) {
  if (versions.length === 0) {
    return <p className={styles.none}>This model has no versions yet, so it has no lineage.</p>;
  }
  const datasets = datasetsAcrossVersions(versions);
  const truncated = versions.some(
    (v) =>
      v.lineage.datasets.totalCount > v.lineage.datasets.edges.length ||
      v.lineage.runs.totalCount > v.lineage.runs.edges.length,
  );
  return (
    <div className={styles.panel}>
      {totalVersions > versions.length || truncated ? (
        <p className={styles.none}>
          Showing the {LINEAGE_VERSIONS_SHOWN} newest versions, with up to {LINEAGE_DATASETS_SHOWN} datasets
          and {LINEAGE_RUNS_SHOWN} runs each.
        </p>
      ) : null}
      <section aria-labelledby="datasets-heading" className={styles.section} data-testid="lineage-datasets">
        <h2 id="datasets-heading" className={styles.sectionTitle}>
          Training data <span className={styles.count}>({datasets.length})</span>
        </h2>
        {datasets.length === 0 ? (
          <p className={styles.none}>No training runs with input data were recorded for these versions.</p>
        ) : (
          <ul className={styles.list}>
            {datasets.map((d) => (
              <li key={d.uri} data-testid="lineage-dataset">
                <strong>{d.name}</strong> <code className={styles.mono}>{d.uri}</code>
                <ul className={styles.inline} aria-label={`Versions trained on ${d.name}`}>
                  {d.readBy.map(({ version, dataset }) => (
                    <li key={`${version}-${dataset.id}`} className={styles.muted}>
                      v{version}{' '}
                      <code title={dataset.checksum}>
                        <span className="visually-hidden">snapshot </span>
                        {shortenChecksum(dataset.checksum)}
                      </code>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="runs-heading" className={styles.section} data-testid="lineage-runs">
        <h2 id="runs-heading" className={styles.sectionTitle}>
          Training runs
        </h2>
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <caption className="visually-hidden">Training runs per version, newest version first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Code</th>
                <th scope="col">Recorded</th>
                <th scope="col">Data its runs read</th>
              </tr>
            </thead>
            <tbody>
              {[...versions]
                .sort((a, b) => b.version - a.version)
                .map((v) =>
                  v.lineage.runs.edges.length === 0 ? (
                    <tr key={v.id}>
                      <th scope="row">v{v.version}</th>
                      <td colSpan={3} className={styles.muted}>
                        No training run recorded.
                      </td>
                    </tr>
                  ) : (
                    v.lineage.runs.edges.map(({ node: run }) => (
                      <tr key={run.id}>
                        <th scope="row">v{v.version}</th>
                        <td>
                          <code className={styles.mono}>{run.codeRef}</code>
                        </td>
                        <td>
                          <DateTime iso={run.startedAt ?? run.createdAt} />
                          <span className={styles.muted}> by {run.createdBy}</span>
                        </td>
                        <td>
                          {v.lineage.datasets.edges.map((e) => e.node.name).join(', ') || (
                            <span className={styles.muted}>none</span>
                          )}
                        </td>
                      </tr>
                    ))
                  ),
                )}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
