import { createSubgraphDataSource, type SessionTimeouts } from '@cairn/database';
import { metricsEvents, TypedEventLog } from '@cairn/events';
import type { DataSource } from 'typeorm';
import { Metric } from './entities/metric.entity';
import { CreateMetricLog1763942400000 } from './migrations/1763942400000-create-metric-log';
import { ProtectRecordsAndGrantServiceRole1764000000000 } from './migrations/1764000000000-protect-records-and-grant-service-role';
import { CreateEventQuarantine1764200000000 } from './migrations/1764200000000-create-event-quarantine';
import { RecordVersionCreators1764300000000 } from './migrations/1764300000000-record-version-creators';
import { DirectoryVisibility1764500000000 } from './migrations/1764500000000-directory-visibility';
import { DriftDetection1766100000000 } from './migrations/1766100000000-drift-detection';
import { CreateInsightsProjections1766200000000 } from './migrations/1766200000000-create-insights-projections';
import { InsightsTeamRequests1766640000000 } from './migrations/1766640000000-insights-team-requests';
import { InsightsHistoryImport1766900000000 } from './migrations/1766900000000-insights-history-import';

export const METRICS_SCHEMA = metricsEvents.schema;

/** The metrics event log: one event per batch of logged values. */
export const metricsEventLog = new TypedEventLog(metricsEvents);

export function createMetricsDataSource(
  url: string,
  poolSize?: number,
  timeouts?: SessionTimeouts,
): DataSource {
  return createSubgraphDataSource({
    url,
    schema: METRICS_SCHEMA,
    entities: [Metric],
    migrations: [
      CreateMetricLog1763942400000,
      ProtectRecordsAndGrantServiceRole1764000000000,
      CreateEventQuarantine1764200000000,
      RecordVersionCreators1764300000000,
      DirectoryVisibility1764500000000,
      DriftDetection1766100000000,
      CreateInsightsProjections1766200000000,
      InsightsTeamRequests1766640000000,
      InsightsHistoryImport1766900000000,
    ],
    poolSize,
    timeouts,
    applicationName: 'cairn-metrics',
  });
}
