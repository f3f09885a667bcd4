import { DateTime } from '@/features/model-detail/components/date-time';
import tab from '@/features/model-tabs/views/tab-view.module.css';
import { AcknowledgeForm } from '../components/acknowledge-form';
import { AlarmHistory } from '../components/alarm-history';
import { DistributionChart } from '../components/distribution-chart';
import styles from '../components/drift.module.css';
import { FeatureDriftTable } from '../components/feature-drift-table';
import { RetrainSuggestionCard } from '../components/retrain-suggestion-card';
import { DRIFT_DETAILS_SHOWN, DRIFT_VERSIONS_SHOWN, type VersionDrift } from '../graphql/model-drift';

function VersionDriftSection({
  modelId,
  version,
  contributes,
}: {
  modelId: string;
  version: VersionDrift;
  contributes: boolean;
}) {
  const open = version.driftAlarms.filter((a) => !a.resolution);
  const suggestionOf = new Map(version.retrainSuggestions.map((s) => [s.alarmId, s]));
  // The open alarm's suggestion; with none open, the latest one is still worth reading.
  const suggestion = (open[0] && suggestionOf.get(open[0].id)) ?? version.retrainSuggestions[0] ?? null;
  const codeRefs = new Map(version.lineage.runs.edges.map((e) => [e.node.id, e.node.codeRef]));
  const drifted = version.driftDistributions.filter((d) => d.production?.drifted);
  const latest = version.driftDistributions.find((d) => d.production)?.production ?? null;
  const headingId = `drift-v${version.version}`;
  return (
    <section
      aria-labelledby={headingId}
      className={tab.section}
      data-testid={`drift-version-${version.version}`}
    >
      <h2 id={headingId} className={tab.sectionTitle}>
        Version {version.version} <span className={tab.pill}>{version.stage}</span>{' '}
        {open.length > 0 ? <span className={`${tab.pill} ${tab.warning}`}>Drift alarm open</span> : null}
      </h2>
      {open.map((alarm) => (
        <div key={alarm.id} className={styles.alarm} data-testid="open-alarm">
          <p className={tab.text}>
            <strong>Drift alarm</strong> raised <DateTime iso={alarm.raisedAt} /> for the window{' '}
            <DateTime iso={alarm.windowStart} /> – <DateTime iso={alarm.windowEnd} />.
          </p>
          <FeatureDriftTable features={alarm.features} caption={`Drifted features of the open alarm`} />
          {contributes ? <AcknowledgeForm modelId={modelId} alarmId={alarm.id} /> : null}
        </div>
      ))}
      {suggestion ? <RetrainSuggestionCard suggestion={suggestion} codeRefs={codeRefs} /> : null}
      <h3 className={tab.subTitle}>Reference against production</h3>
      {latest ? (
        <p className={tab.none}>
          Latest window reported: <DateTime iso={latest.windowStart} /> – <DateTime iso={latest.windowEnd} />.
        </p>
      ) : (
        <p className={tab.none}>References are registered; no production window has been reported yet.</p>
      )}
      {drifted.length > 0 ? (
        <div className={styles.charts}>
          {drifted.map((d) => (
            <div key={d.feature}>
              <h4 className={tab.subTitle}>
                {d.feature} <span className={tab.muted}>({d.role.toLowerCase()})</span>
              </h4>
              <DistributionChart distribution={d} />
            </div>
          ))}
        </div>
      ) : latest ? (
        <p className={tab.none}>No feature of the latest window drifted.</p>
      ) : null}
      {latest ? (
        <FeatureDriftTable
          caption="Every feature of the latest production window"
          features={version.driftDistributions.flatMap((d) =>
            d.production
              ? [
                  {
                    feature: d.feature,
                    psi: d.production.psi,
                    ks: d.production.ks,
                    drifted: d.production.drifted,
                  },
                ]
              : [],
          )}
        />
      ) : null}
      <h3 className={tab.subTitle}>Alarm history</h3>
      {version.driftAlarms.length > 0 ? (
        <AlarmHistory alarms={version.driftAlarms} version={version.version} />
      ) : (
        <p className={tab.none}>No alarm has been raised for this version.</p>
      )}
    </section>
  );
}

/**
 * The Drift tab: per recent version with drift data, its open alarms (PSI/KS of the drifted
 * features), the retrain suggestion, a chart per drifted feature of the reference against the
 * latest production window, and every alarm it had. `contributes` only decides whether the
 * Acknowledge form shows; the API decides whether it works.
 */
export function DriftView({
  modelId,
  versions,
  totalVersions,
  moreWithDrift,
  contributes,
  notice,
}: {
  modelId: string;
  versions: VersionDrift[];
  totalVersions: number;
  moreWithDrift: number;
  contributes: boolean;
  notice: string | null;
}) {
  return (
    <div className={tab.panel}>
      {notice ? <p role="status">{notice}</p> : null}
      {totalVersions > DRIFT_VERSIONS_SHOWN ? (
        <p className={tab.none}>Drift is looked for in the {DRIFT_VERSIONS_SHOWN} newest versions.</p>
      ) : null}
      {moreWithDrift > 0 ? (
        <p className={tab.none}>
          Showing the {DRIFT_DETAILS_SHOWN} newest versions with references; {moreWithDrift} older ones have
          references too.
        </p>
      ) : null}
      {versions.length === 0 ? (
        <p className={tab.none}>
          No version registered reference distributions yet, so drift is not watched. See “Drift detection” in
          the README for registering them and reporting production windows.
        </p>
      ) : (
        versions.map((v) => (
          <VersionDriftSection key={v.id} modelId={modelId} version={v} contributes={contributes} />
        ))
      )}
    </div>
  );
}
