import type { EventConsumer, Poller } from '@cairn/event-log';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/** One thing `/readyz` looked at. `down` on anything but the database degrades, never fails. */
export interface HealthCheck {
  name: string;
  status: 'up' | 'down';
  /** Why it is down, in words an operator can act on. */
  reason?: string;
  details?: Record<string, unknown>;
}

/** What the runtime needs of a background consumer: poll it, report it, replay its quarantine. */
export type BackgroundConsumer = Pick<
  EventConsumer,
  'name' | 'catchUp' | 'health' | 'quarantined' | 'replayQuarantined'
>;

export interface ReadinessReport {
  /** `unavailable` (HTTP 503) only when the database is; `degraded` (200) lists its reasons. */
  status: 'ready' | 'degraded' | 'unavailable';
  service: string;
  reasons: string[];
  checks: HealthCheck[];
}

export interface ReadinessSources {
  service: string;
  dataSource: DataSource;
  consumers: { consumer: BackgroundConsumer; poller: Poller }[];
  /** The subgraph's own checks (e.g. the registry's search engine). */
  health?: () => Promise<HealthCheck[]>;
  logger: Logger;
}

async function consumerCheck({
  consumer,
  poller,
}: ReadinessSources['consumers'][number]): Promise<HealthCheck> {
  const name = `consumer:${consumer.name}`;
  const run = poller.status();
  let health: Awaited<ReturnType<BackgroundConsumer['health']>>;
  try {
    health = await consumer.health();
  } catch {
    return {
      name,
      status: 'down',
      reason: `${consumer.name}: position could not be read`,
      details: { ...run },
    };
  }
  const problems: string[] = [];
  if (health.waitingFor) problems.push(`${consumer.name} is waiting: ${health.waitingFor}`);
  if (run.failures > 0)
    problems.push(`${consumer.name} is failing (${run.failures} in a row): ${run.lastError}`);
  if (health.quarantined > 0) {
    problems.push(`${consumer.name} has ${health.quarantined} quarantined event(s) to replay`);
  }
  return {
    name,
    status: problems.length > 0 ? 'down' : 'up',
    reason: problems.length > 0 ? problems.join('; ') : undefined,
    details: {
      position: health.position,
      lag: health.lag,
      quarantined: health.quarantined,
      failing: health.failing,
      waitingFor: health.waitingFor,
      failures: run.failures,
      lastError: run.lastError,
      lastErrorAt: run.lastErrorAt,
      lastSuccessAt: run.lastSuccessAt,
      nextRunAt: run.nextRunAt,
    },
  };
}

/** What `/readyz` answers: the HTTP status and a report saying why. */
export async function checkReadiness(
  sources: ReadinessSources,
): Promise<{ httpStatus: number; report: ReadinessReport }> {
  const { service } = sources;
  try {
    await sources.dataSource.query('/* readiness */ SELECT 1');
  } catch (error) {
    sources.logger.warn({ err: error }, 'readiness check failed');
    const database: HealthCheck = { name: 'database', status: 'down', reason: 'database unreachable' };
    return {
      httpStatus: 503,
      report: { status: 'unavailable', service, reasons: ['database unreachable'], checks: [database] },
    };
  }
  const own = sources.health
    ? sources.health().catch((error): HealthCheck[] => {
        sources.logger.warn({ err: error }, 'health hook failed');
        return [{ name: 'subgraph', status: 'down', reason: 'health check failed' }];
      })
    : Promise.resolve([]);
  const checks: HealthCheck[] = [
    { name: 'database', status: 'up' },
    ...(await Promise.all(sources.consumers.map(consumerCheck))),
    ...(await own),
  ];
  const reasons = checks.flatMap((check) =>
    check.status === 'down' ? [check.reason ?? `${check.name} is down`] : [],
  );
  return {
    httpStatus: 200,
    report: { status: reasons.length > 0 ? 'degraded' : 'ready', service, reasons, checks },
  };
}
