import type { Poller } from '@cairn/event-log';
import { type ServiceMetrics, sharedReading } from '@cairn/service-metrics';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { BackgroundConsumer, HealthCheck } from './readiness';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/**
 * The connection pool of TypeORM's Postgres driver (node-postgres): connections open and idle,
 * and callers waiting for one. Waiting callers mean the pool (DATABASE_POOL_SIZE) or the
 * database is the bottleneck.
 */
export function registerPoolMetrics(metrics: ServiceMetrics, dataSource: DataSource): void {
  const pool = () => (dataSource.driver as unknown as { master?: PgPool }).master;
  const registers = [metrics.registry];
  const gauge = (name: string, help: string, read: (p: PgPool) => number | undefined) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const current = pool();
        const value = current ? read(current) : undefined;
        if (value !== undefined) this.set(value);
      },
    });
  gauge('cairn_db_pool_connections', 'Open connections in the database pool', (p) => p.totalCount);
  gauge('cairn_db_pool_idle_connections', 'Idle connections in the database pool', (p) => p.idleCount);
  gauge('cairn_db_pool_waiting_clients', 'Queries waiting for a pooled connection', (p) => p.waitingCount);
  gauge('cairn_db_pool_max_connections', 'Size limit of the database pool', (p) => p.options?.max);
}

type ConsumerReading = {
  name: string;
  lag: number;
  quarantined: number;
  waiting: boolean;
  readable: boolean;
  failures: number;
  lastSuccessAt: Date | null;
};

/**
 * The event consumers `/readyz` reports, as gauges read at scrape time: how far behind each is
 * (events after its position, capped at 10,000 as on `/readyz`), how many of its events wait in
 * quarantine, how many polls in a row failed, and when one last succeeded. Reading them costs
 * the same queries as `/readyz`, once per scrape.
 */
export function registerConsumerMetrics(
  metrics: ServiceMetrics,
  consumers: { consumer: BackgroundConsumer; poller: Poller }[],
  logger: Logger,
): void {
  if (consumers.length === 0) return;
  const read = sharedReading(() =>
    Promise.all(
      consumers.map(async ({ consumer, poller }): Promise<ConsumerReading> => {
        const run = poller.status();
        const base = { name: consumer.name, failures: run.failures, lastSuccessAt: run.lastSuccessAt };
        try {
          const health = await consumer.health();
          return {
            ...base,
            lag: health.lag,
            quarantined: health.quarantined,
            waiting: health.waitingFor !== null,
            readable: true,
          };
        } catch (err) {
          logger.warn({ err, consumer: consumer.name }, 'consumer position could not be read for /metrics');
          return { ...base, lag: 0, quarantined: 0, waiting: false, readable: false };
        }
      }),
    ),
  );
  const registers = [metrics.registry];
  const gauge = (name: string, help: string, value: (r: ConsumerReading) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['consumer'],
      registers,
      async collect() {
        for (const reading of await read()) {
          const v = value(reading);
          if (v !== null) this.set({ consumer: reading.name }, v);
        }
      },
    });
  gauge('cairn_event_consumer_lag_events', 'Events after the consumer position (capped at 10000)', (r) =>
    r.readable ? r.lag : null,
  );
  gauge('cairn_event_consumer_quarantined_events', 'Quarantined events not yet replayed', (r) =>
    r.readable ? r.quarantined : null,
  );
  gauge('cairn_event_consumer_waiting', '1 while the source event log does not exist yet', (r) =>
    r.waiting ? 1 : 0,
  );
  gauge('cairn_event_consumer_readable', '0 when the consumer position could not be read', (r) =>
    r.readable ? 1 : 0,
  );
  gauge(
    'cairn_event_consumer_consecutive_failures',
    'Failed polls in a row (0 after a success)',
    (r) => r.failures,
  );
  gauge(
    'cairn_event_consumer_last_success_timestamp_seconds',
    'When a poll of the consumer last succeeded (Unix seconds; 0 if never in this process)',
    (r) => (r.lastSuccessAt ? r.lastSuccessAt.getTime() / 1000 : 0),
  );
}

/**
 * The subgraph's own readiness checks (the registry's search engine, `search:elasticsearch`) as
 * `cairn_health_check_up{check}`: 1 up, 0 down. The check names are fixed in code, so bounded.
 */
export function registerHealthMetrics(metrics: ServiceMetrics, health: () => Promise<HealthCheck[]>): void {
  const read = sharedReading(health);
  new Gauge({
    name: 'cairn_health_check_up',
    help: "1 when the subgraph's own readiness check (e.g. search:elasticsearch) passes, 0 when it fails",
    labelNames: ['check'],
    registers: [metrics.registry],
    async collect() {
      const checks = await read().catch((): HealthCheck[] => [{ name: 'subgraph', status: 'down' }]);
      for (const check of checks) this.set({ check: check.name }, check.status === 'up' ? 1 : 0);
    },
  });
}
