import { createSubgraphDataSource } from '@cairn/database';
import { EventLog } from '@cairn/event-log';
import type { DataSource } from 'typeorm';
import { Metric } from './entities/metric.entity';
import { CreateMetricLog1763942400000 } from './migrations/1763942400000-create-metric-log';
import { CreateEventQuarantine1764200000000 } from './migrations/1764200000000-create-event-quarantine';

export const METRICS_SCHEMA = 'metrics';

/** The metrics event log: one event per batch of logged values. */
export const metricsEventLog = new EventLog(METRICS_SCHEMA);

export function createMetricsDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({
    url,
    schema: METRICS_SCHEMA,
    entities: [Metric],
    migrations: [CreateMetricLog1763942400000, CreateEventQuarantine1764200000000],
    poolSize,
    applicationName: 'cairn-metrics',
  });
}
