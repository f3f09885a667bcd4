import { EventConsumer, EventLog, type StoredEvent } from '@cairn/event-log';
import { metricsEvents, registryEvents } from '@cairn/events';
import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { deliverableOf } from './deliverable-events';
import { enqueueDeliveries, type OutboxEntry } from './webhook-store';

const REGISTRY_LOG = new EventLog(registryEvents.schema);
const METRICS_LOG = new EventLog(metricsEvents.schema);

/**
 * What a receiver gets as the body of a call: the event's type, time and payload (`data`, as its
 * contract in `@cairn/events` defines it), following the Standard Webhooks payload shape, plus
 * the event's id, team, subject and actor.
 */
export function webhookBody(event: StoredEvent, team: string, data: object): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    eventId: event.eventId,
    team,
    subject: { type: event.subjectType, id: event.subjectId },
    actor: event.actor,
    data,
  });
}

async function enqueue(events: StoredEvent[], manager: EntityManager): Promise<void> {
  const entries: OutboxEntry[] = [];
  for (const event of events) {
    const deliverable = deliverableOf(event);
    if (!deliverable) continue;
    entries.push({
      eventId: event.eventId,
      type: event.type,
      team: deliverable.team,
      occurredAt: event.occurredAt,
      body: webhookBody(event, deliverable.team, deliverable.data),
    });
  }
  await enqueueDeliveries(manager, entries);
}

/**
 * One consumer per source log (governance's own, the registry's, metrics') turns each deliverable
 * event into outbox rows in the transaction that moves its cursor: an event is either enqueued
 * for every matching subscription or not read yet, whatever happens to the receivers. A source
 * log whose subgraph is not migrated in this database (a governance-only test, a rolling
 * deployment) holds no events yet: its consumer waits and `/readyz` says so (`degraded`), and
 * once the log appears it is read from its start; only subscriptions older than an event hear
 * of it, so that first read sends no history.
 */
export function webhookOutboxConsumers(dataSource: DataSource): EventConsumer[] {
  return [
    new EventConsumer(dataSource, {
      name: 'webhook-outbox-governance',
      source: governanceEventLog,
      cursorSchema: 'governance',
      handle: enqueue,
    }),
    new EventConsumer(dataSource, {
      name: 'webhook-outbox-registry',
      source: REGISTRY_LOG,
      cursorSchema: 'governance',
      handle: enqueue,
    }),
    new EventConsumer(dataSource, {
      name: 'webhook-outbox-metrics',
      source: METRICS_LOG,
      cursorSchema: 'governance',
      handle: enqueue,
    }),
  ];
}
