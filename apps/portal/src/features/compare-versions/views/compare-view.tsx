import type { ModelDetail } from '@/features/model-detail/graphql/model-detail';
import { formatMetric, shortenChecksum } from '@/features/model-detail/lib/format';
import styles from '../components/compare.module.css';
import { type DifferenceRow, DifferenceTable } from '../components/difference-table';
import { MetricDeltaChart } from '../components/metric-delta-chart';
import { VersionPicker } from '../components/version-picker';
import type { ValueDifference, VersionComparison } from '../graphql/compare-versions';
import { formatBytes, formatDelta, formatValue } from '../lib/format-value';
import type { ComparisonResult } from '../lib/load-comparison';
import { valueChanges } from '../lib/value-changes';

const valueRows = (rows: ValueDifference[]): DifferenceRow[] =>
  rows.map((row) => ({
    key: row.key,
    label: <code>{row.key}</code>,
    cells: row.values.map(valueCell),
    changes: valueChanges(row.values),
  }));

// Cells are keyed by DifferenceTable, one per version.
const valueCell = (value: unknown) => <span className={styles.value}>{formatValue(value)}</span>;

function digestCell(digest: string | null, size: number | null) {
  if (!digest) return '—';
  return (
    <span title={digest}>
      <code>{shortenChecksum(digest)}</code> <span className={styles.muted}>{formatBytes(size)}</span>
    </span>
  );
}

/** The compare page: the picker, then one table per section and a chart of metric deltas. */
export function CompareView({
  model,
  picked,
  showAll,
  result,
}: {
  model: ModelDetail;
  picked: string[];
  showAll: boolean;
  result: ComparisonResult;
}) {
  return (
    <section className={styles.page} aria-labelledby="compare-title">
      {/* The model's name, breadcrumb and tabs are the layout's; this is the tab's own heading. */}
      <h2 id="compare-title" className={styles.title}>
        Compare versions of {model.name}
      </h2>
      <VersionPicker versions={model.versions.items} picked={picked} showAll={showAll} />
      {result.kind === 'compared' ? (
        <Comparison comparison={result.comparison} />
      ) : (
        <p className={result.kind === 'refused' ? styles.refused : styles.none} role="status">
          {result.message}
        </p>
      )}
    </section>
  );
}

/** The comparison's tables and chart, also shown on an approval request against production. */
export function Comparison({ comparison }: { comparison: VersionComparison }) {
  const labels = comparison.versions.map((v) => `v${v.version}`);
  const empty = comparison.onlyDifferences ? 'No differences.' : 'Nothing recorded.';
  const metricsWithDeltas = comparison.metrics.filter((m) => m.deltas.slice(1).some((d) => d !== null));
  return (
    <div className={styles.sections} data-testid="comparison">
      <section aria-labelledby="metrics-heading" className={styles.section} data-testid="compare-metrics">
        <h2 id="metrics-heading" className={styles.sectionTitle}>
          Metrics <span className={styles.count}>({comparison.metrics.length})</span>
        </h2>
        {metricsWithDeltas.length > 0 ? (
          <MetricDeltaChart metrics={metricsWithDeltas} labels={labels} />
        ) : null}
        {comparison.metrics.length === 0 ? (
          <p className={styles.none}>{empty}</p>
        ) : (
          <MetricTable comparison={comparison} labels={labels} />
        )}
      </section>
      <DifferenceTable
        id="hyperparameters"
        title="Hyperparameters"
        keyHeading="Key"
        labels={labels}
        rows={valueRows(comparison.hyperparameters)}
        empty={empty}
      />
      <DifferenceTable
        id="provenance"
        title="Provenance"
        keyHeading="Field"
        labels={labels}
        rows={valueRows(comparison.provenance)}
        empty={empty}
      />
      <DifferenceTable
        id="dependencies"
        title="Dependencies"
        keyHeading="Package"
        labels={labels}
        rows={comparison.dependencies.map((d) => ({
          key: `${d.ecosystem ?? ''}/${d.name}`,
          label: (
            <>
              <code>{d.name}</code>
              {d.ecosystem ? <span className={styles.muted}> {d.ecosystem}</span> : null}
            </>
          ),
          cells: d.versions.map((v) => formatValue(v)),
          changes: d.changes,
        }))}
        empty={empty}
      />
      <DifferenceTable
        id="artifacts"
        title="Artifacts"
        keyHeading="File"
        labels={labels}
        rows={comparison.artifacts.map((a) => ({
          key: a.path,
          label: <code>{a.path}</code>,
          cells: a.digests.map((digest, i) => digestCell(digest, a.sizes[i] ?? null)),
          changes: a.changes,
        }))}
        empty={empty}
      />
      <DifferenceTable
        id="card"
        title="Model card"
        keyHeading="Section"
        labels={labels}
        rows={valueRows(comparison.card)}
        empty={empty}
      />
    </div>
  );
}

function MetricTable({ comparison, labels }: { comparison: VersionComparison; labels: string[] }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <caption className="visually-hidden">Metric values and deltas against {labels[0]}</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            {labels.map((label, i) => (
              <th scope="col" key={label} className={styles.num}>
                {label}
                {i === 0 ? <span className={styles.baseline}> baseline</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {comparison.metrics.map((m) => (
            <tr key={`${m.name}@${m.dataset ?? ''}`}>
              <th scope="row">
                <code>{m.name}</code>
                {m.dataset ? <span className={styles.muted}> {m.dataset}</span> : null}
              </th>
              {m.values.map((value, i) => (
                <td key={labels[i]} className={styles.num}>
                  {value === null ? '—' : formatMetric(value)}
                  {i > 0 && m.deltas[i] !== null && m.deltas[i] !== 0 ? (
                    <span className={styles.delta}> ({formatDelta(m.deltas[i] ?? null)})</span>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
