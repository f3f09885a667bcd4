import { type ServiceMetrics, sharedReading } from '@cairn/service-metrics';
import { Counter, Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { AttemptOutcome, WebhookDispatcher } from './webhook-dispatcher';

const OUTCOMES: readonly AttemptOutcome[] = ['succeeded', 'retrying', 'failed', 'disabled'];

/**
 * Webhook deliveries on `/metrics`: attempts this process recorded by outcome (a counter, so
 * `rate()` works across restarts and replicas), and the outbox backlog every replica sees alike
 * (deliveries due now and how long the oldest has waited), read from the database at scrape time.
 */
export function registerWebhookMetrics(
  metrics: ServiceMetrics,
  dispatcher: WebhookDispatcher,
  dataSource: DataSource,
): void {
  const registers = [metrics.registry];
  new Counter({
    name: 'cairn_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts by what followed: succeeded, retrying (will be tried again), failed (attempts used up), disabled (and the subscription was disabled)',
    labelNames: ['outcome'],
    registers,
    collect() {
      // Mirrors the dispatcher's own tally, which only grows: reset and add keeps it a counter.
      this.reset();
      for (const outcome of OUTCOMES) this.inc({ outcome }, dispatcher.recorded[outcome]);
    },
  });
  const backlog = sharedReading(async () => {
    const [row]: { due: string; oldest_seconds: number | null }[] = await dataSource.query(
      `/* webhookBacklog */ SELECT count(*) AS due,
              extract(epoch FROM clock_timestamp() - min(next_attempt_at))::float8 AS oldest_seconds
         FROM governance.webhook_delivery
        WHERE status = 'PENDING' AND next_attempt_at <= clock_timestamp()`,
    );
    return { due: Number(row?.due ?? 0), oldestSeconds: row?.oldest_seconds ?? 0 };
  });
  new Gauge({
    name: 'cairn_webhook_deliveries_due',
    help: 'Pending webhook deliveries whose next attempt is due now',
    registers,
    async collect() {
      // A database that does not answer leaves the last value: the rest of the scrape still works.
      const reading = await backlog().catch(() => null);
      if (reading) this.set(reading.due);
    },
  });
  new Gauge({
    name: 'cairn_webhook_oldest_due_delivery_seconds',
    help: 'How long the oldest due webhook delivery has waited past its attempt time (0 when none)',
    registers,
    async collect() {
      const reading = await backlog().catch(() => null);
      if (reading) this.set(reading.oldestSeconds);
    },
  });
}
