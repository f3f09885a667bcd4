import type { AuditSource } from '@cairn/audit-chain';
import { EventConsumer, EventLog, type StoredEvent } from '@cairn/event-log';
import { governanceEvents, lineageEvents, metricsEvents, type RawEvent, registryEvents } from '@cairn/events';
import type { DataSource } from 'typeorm';
import { ACCESS_REFUSED, RefusedAccessLog } from './access-log-source';
import { type AuditDraft, appendToChain } from './audit-store';

/** Checks an event against its contract; throws `MalformedEventError` (quarantined by the kit). */
type Parse = (event: RawEvent) => unknown;

const EVENT_SOURCES: { source: AuditSource; parse: Parse }[] = [
  { source: 'registry', parse: (e) => registryEvents.parse(e) },
  { source: 'lineage', parse: (e) => lineageEvents.parse(e) },
  { source: 'governance', parse: (e) => governanceEvents.parse(e) },
  { source: 'metrics', parse: (e) => metricsEvents.parse(e) },
];

function draftOf(source: AuditSource, event: StoredEvent): AuditDraft {
  return {
    source,
    sourceId: event.eventId,
    type: event.type,
    subject: `${event.subjectType}:${event.subjectId}`,
    actor: event.actor || null,
    occurredAt: event.occurredAt,
    payload: event.payload,
  };
}

function refusedDraft(event: StoredEvent): AuditDraft {
  if (event.type !== ACCESS_REFUSED) throw new Error(`not a refused access: ${event.type}`);
  const payload = event.payload as { accessLogId: string };
  return {
    source: 'access-log',
    sourceId: payload.accessLogId,
    type: ACCESS_REFUSED,
    subject: `${event.subjectType}:${event.subjectId}`,
    actor: event.actor || null,
    occurredAt: event.occurredAt,
    payload: event.payload,
  };
}

/**
 * The five background consumers that feed the one audit chain: each subgraph's event log and the
 * access log's refused attempts. Each chains its batch in the transaction that moves its cursor,
 * so an event is chained exactly once; an event that breaks its contract fails the batch and is
 * quarantined by the kit instead of being chained.
 */
export function auditFeeds(dataSource: DataSource): EventConsumer[] {
  const feeds = EVENT_SOURCES.map(
    ({ source, parse }) =>
      new EventConsumer(dataSource, {
        name: `audit-${source}`,
        source: new EventLog(source),
        cursorSchema: 'governance',
        handle: async (events, manager) => {
          for (const event of events) parse(event);
          await appendToChain(
            manager,
            events.map((event) => draftOf(source, event)),
          );
        },
      }),
  );
  const refused = new EventConsumer(dataSource, {
    name: 'audit-access-log',
    source: new RefusedAccessLog(),
    cursorSchema: 'governance',
    handle: async (events, manager) => {
      await appendToChain(manager, events.map(refusedDraft));
    },
  });
  return [...feeds, refused];
}
