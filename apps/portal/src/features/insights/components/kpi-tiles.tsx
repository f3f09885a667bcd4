import type { Insights } from '../graphql/insights';
import { formatHours, formatShare } from '../lib/format';
import styles from './insights.module.css';

/** The headline figures; each tile's label is its accessible name for the tests and screen readers. */
export function KpiTiles({ insights }: { insights: Insights }) {
  const { adoption, leadTime, approvals, riskPosture } = insights;
  const atRisk = insights.byTeam.reduce((sum, team) => sum + team.atRisk, 0);
  const tiles: [string, string, string][] = [
    ['kpi-models', 'Models registered', String(adoption.modelsRegistered)],
    ['kpi-versions', 'Versions registered', String(adoption.versionsRegistered)],
    ['kpi-production', 'Production models', String(adoption.productionModels)],
    ['kpi-all-four', 'Production models with all four', formatShare(adoption.allFour.share)],
    ['kpi-lead-time', 'Lead time to live (p50)', formatHours(leadTime.registrationToLive.p50Hours)],
    ['kpi-rejection-rate', 'Rejection rate', formatShare(approvals.rejectionRate)],
    ['kpi-at-risk', 'Production models at risk', `${atRisk} of ${riskPosture.productionModels}`],
  ];
  return (
    <dl className={styles.tiles} aria-label="Headline figures">
      {tiles.map(([testId, label, value]) => (
        <div key={testId} className={styles.tile} data-testid={testId}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
