import Link from 'next/link';
import type { ReactNode } from 'react';
import { ApprovalsPanel } from '../components/approvals-panel';
import { ChartCard } from '../components/chart-card';
import { CountChart } from '../components/count-chart';
import { CsvExportButton } from '../components/csv-export-button';
import styles from '../components/insights.module.css';
import { InsightsFilterForm } from '../components/insights-filter-form';
import { KpiTiles } from '../components/kpi-tiles';
import { LeadTimeChart } from '../components/lead-time-chart';
import { LeadTimeTable } from '../components/lead-time-table';
import { COLOURS, TIER_COLOURS } from '../components/palette';
import { ShareChart } from '../components/share-chart';
import { TeamRequestsPanel } from '../components/team-requests-panel';
import { TeamRiskChart } from '../components/team-risk-chart';
import { TopRisksTable } from '../components/top-risks-table';
import { TrendChart } from '../components/trend-chart';
import type { ImportedHistoryShare, Insights } from '../graphql/insights';
import {
  hasPromotionTrend,
  hasTrend,
  isEmpty,
  leadTimeRows,
  riskFlagRows,
  shareRows,
  teamRiskRows,
  tierRows,
  trendRows,
} from '../lib/chart-data';
import { formatDay } from '../lib/format';
import { insightsCsvRows, toCsv } from '../lib/insights-csv';
import { type InsightsFilter, insightsCsvName } from '../lib/insights-filter';
import type { InsightsLoad } from '../lib/load-insights';

function Header({ filter, children }: { filter: InsightsFilter; children?: ReactNode }) {
  return (
    <div className={styles.heading}>
      <div>
        <h1 id="insights-heading">Insights</h1>
        <p className={styles.lead} data-testid="insights-scope">
          {filter.team ?? 'All teams you can see'}, {formatDay(filter.from)} to {formatDay(filter.to)}
        </p>
      </div>
      {children}
    </div>
  );
}

/** `/insights`: adoption, lead time, approvals and risk posture, filtered by range and team. */
export function InsightsView({ filter, load }: { filter: InsightsFilter; load: InsightsLoad }) {
  if (load.kind !== 'loaded') {
    return (
      <section className={styles.page} aria-labelledby="insights-heading">
        <Header filter={filter} />
        <InsightsFilterForm filter={filter} teams={[]} />
        <p className={styles.problem} role="alert">
          {load.kind === 'unknown-team'
            ? `There is no team “${load.team}” among the teams you can see.`
            : `The figures could not be shown: ${load.message}`}{' '}
          <Link href="/insights">Show every team</Link>
        </p>
      </section>
    );
  }
  const { insights } = load;
  return (
    <section className={styles.page} aria-labelledby="insights-heading">
      <Header filter={filter}>
        <CsvExportButton csv={toCsv(insightsCsvRows(insights, filter))} fileName={insightsCsvName(filter)} />
      </Header>
      <InsightsFilterForm filter={filter} teams={load.teams} />
      {filter.problem ? (
        <p className={styles.notice} role="status">
          {filter.problem}
        </p>
      ) : null}
      <ImportedHistoryNotice history={insights.importedHistory} />
      {isEmpty(insights) ? (
        <p className={styles.empty} data-testid="insights-empty">
          Nothing was registered, promoted or put in production in this range. Try a longer range or another
          team.
        </p>
      ) : null}
      <KpiTiles insights={insights} />
      <Dashboard insights={insights} />
    </section>
  );
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Says which figures came from before Cairn, so nobody mistakes a migration for this range's work. */
function ImportedHistoryNotice({ history }: { history: ImportedHistoryShare[] }) {
  if (history.length === 0) return null;
  return (
    <p className={styles.notice} role="note" data-testid="insights-imported-history">
      Includes history imported from before Cairn:{' '}
      {history
        .map(
          (h) => `${plural(h.versions, 'version')} and ${plural(h.promotions, 'promotion')} from ${h.source}`,
        )
        .join('; ')}
      . Those count in the trends, lead times and approvals, never as production models now.
    </p>
  );
}

function Dashboard({ insights }: { insights: Insights }) {
  const { adoption, leadTime, approvals, riskPosture } = insights;
  const noProduction = adoption.productionModels === 0 ? 'No model is in production.' : null;
  const noLeadTime =
    leadTime.registrationToLive.count === 0 ? 'No promotion to production went live in this range.' : null;
  return (
    <div className={styles.grid}>
      <ChartCard
        id="adoption-trend"
        title="Adoption per week"
        description="Models and versions registered, teams that registered a version, and new teams (weeks start on Monday, UTC)."
        empty={hasTrend(insights.weeks) ? null : 'Nothing was registered in this range.'}
        wide
      >
        <TrendChart rows={trendRows(insights.weeks)} kind="adoption" testId="adoption-trend-chart" />
      </ChartCard>
      <ChartCard
        id="production-shares"
        title="Production models with…"
        description={`Of ${adoption.productionModels} production models now: complete provenance, a model card, a signature and an approved promotion.`}
        empty={noProduction}
      >
        <ShareChart rows={shareRows(adoption)} total={adoption.productionModels} />
      </ChartCard>
      <ChartCard
        id="promotion-trend"
        title="Promotions per week"
        description="Promotion requests made, completed and rejected, every target stage."
        empty={
          hasPromotionTrend(insights.weeks) ? null : 'No promotion was requested or decided in this range.'
        }
      >
        <TrendChart rows={trendRows(insights.weeks)} kind="promotions" testId="promotion-trend-chart" />
      </ChartCard>
      <ChartCard
        id="lead-time"
        title="Promotion lead time"
        description={`p50 and p90 per step, over ${leadTime.registrationToLive.count} promotions to production that went live in this range (rollbacks left out).`}
        empty={noLeadTime}
      >
        <LeadTimeChart rows={leadTimeRows(leadTime)} />
        <LeadTimeTable rows={leadTimeRows(leadTime)} />
      </ChartCard>
      <ChartCard
        id="lead-time-distribution"
        title="Lead time distribution"
        description="Registration to live, in days."
        empty={noLeadTime}
      >
        <CountChart
          rows={leadTime.distribution.map((b) => ({ label: b.label, count: b.count }))}
          name="Promotions"
          testId="lead-time-distribution-chart"
          labelWidth={64}
        />
      </ChartCard>
      <ChartCard
        id="approvals"
        title="Approvals"
        description="Requests decided in this range: first approval latency, rejection rate and reasons."
      >
        <ApprovalsPanel approvals={approvals} />
      </ChartCard>
      <ChartCard
        id="team-requests"
        title="Team requests"
        description="Teams asked for through self-service onboarding: open now, decided in this range and how fast, per week."
      >
        <TeamRequestsPanel insights={insights} />
      </ChartCard>
      <ChartCard
        id="risk-by-tier"
        title="Production models by risk tier"
        description="As of now."
        empty={noProduction}
      >
        <CountChart
          rows={tierRows(riskPosture.byTier).map((t) => ({
            label: t.tier,
            count: t.count,
            colour: TIER_COLOURS[t.tier],
          }))}
          name="Production models"
          testId="risk-tier-chart"
        />
      </ChartCard>
      <ChartCard
        id="risk-flags"
        title="Risk posture"
        description="Production models per risk (a model can carry several)."
        empty={
          noProduction ??
          (riskFlagRows(riskPosture).some((r) => r.count > 0) ? null : 'No production model carries a risk.')
        }
      >
        <CountChart
          rows={riskFlagRows(riskPosture).map((r) => ({ label: r.label, count: r.count }))}
          name="Production models"
          testId="risk-flags-chart"
          colour={COLOURS.vermilion}
          labelWidth={140}
        />
      </ChartCard>
      <ChartCard
        id="risk-by-team"
        title="Risk posture by team"
        description="Production models per team by risk tier, and how many carry a risk."
        empty={insights.byTeam.length === 0 ? 'No team to show.' : null}
        wide
      >
        <TeamRiskChart rows={teamRiskRows(insights.byTeam)} />
      </ChartCard>
      <ChartCard
        id="top-risks"
        title="Top risks"
        description="The riskiest production models you can see."
        wide
      >
        <TopRisksTable risk={riskPosture} />
      </ChartCard>
    </div>
  );
}
