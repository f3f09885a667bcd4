import { DateTime } from '@/features/model-detail/components/date-time';
import { shortenChecksum } from '@/features/model-detail/lib/format';
import tab from '@/features/model-tabs/views/tab-view.module.css';
import type { RetrainSuggestion } from '../graphql/model-drift';
import styles from './drift.module.css';

/**
 * What to retrain from: the datasets that fed the version, its training runs (with the code
 * lineage recorded for them), the drifted features, and the provenance to reproduce the run.
 */
export function RetrainSuggestionCard({
  suggestion,
  codeRefs,
}: {
  suggestion: RetrainSuggestion;
  codeRefs: ReadonlyMap<string, string>;
}) {
  const datasetName = new Map(suggestion.datasets.map((d) => [d.datasetId, d.name ?? d.uri ?? d.datasetId]));
  return (
    <section className={tab.section} aria-label="Retrain suggestion" data-testid="retrain-suggestion">
      <h3 className={tab.sectionTitle}>
        Retrain suggestion{' '}
        <span className={tab.muted}>
          (<DateTime iso={suggestion.createdAt} />)
        </span>
      </h3>
      <p className={tab.text}>
        Retrain on fresh data for{' '}
        {suggestion.features.map((f, i) => (
          <span key={f.feature}>
            {i > 0 ? ', ' : ''}
            <code>{f.feature}</code>
          </span>
        ))}
        , starting from what this version was trained on.
      </p>
      <h4 className={tab.subTitle}>Datasets</h4>
      {suggestion.datasets.length === 0 ? (
        <p className={tab.none}>Lineage recorded no input datasets for this version.</p>
      ) : (
        <ul className={tab.list}>
          {suggestion.datasets.map((d) => (
            <li key={d.datasetId} data-testid="suggested-dataset">
              <strong>{d.name ?? 'unnamed dataset'}</strong>{' '}
              {d.uri ? <code className={tab.mono}>{d.uri}</code> : null}{' '}
              {d.checksum ? (
                <code className={tab.muted} title={d.checksum}>
                  {shortenChecksum(d.checksum)}
                </code>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h4 className={tab.subTitle}>Training runs</h4>
      {suggestion.trainingRuns.length === 0 ? (
        <p className={tab.none}>Lineage recorded no training run for this version.</p>
      ) : (
        <ul className={tab.list}>
          {suggestion.trainingRuns.map((run) => (
            <li key={run.runId} data-testid="suggested-run">
              Run <code className={tab.mono}>{run.runId}</code>
              {codeRefs.get(run.runId) ? (
                <>
                  {' '}
                  from <code className={tab.mono}>{codeRefs.get(run.runId)}</code>
                </>
              ) : null}
              {run.datasetIds.length > 0 ? (
                <span className={tab.muted}>
                  {' '}
                  on {run.datasetIds.map((id) => datasetName.get(id) ?? id).join(', ')}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Provenance to reproduce</summary>
        {suggestion.provenance ? (
          <pre className={styles.provenance}>{JSON.stringify(suggestion.provenance, null, 2)}</pre>
        ) : (
          <p className={tab.none}>This version was registered without provenance.</p>
        )}
      </details>
    </section>
  );
}
