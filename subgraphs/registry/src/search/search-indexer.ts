import { EventConsumer } from '@cairn/event-log';
import type { SearchEngine } from '@cairn/search';
import type { DataSource } from 'typeorm';
import { REGISTRY_SCHEMA, registryEventLog } from '../data-source';
import { RegistryEvents } from '../events';
import { loadSearchDocuments } from './search-documents';

const EVENTS_THAT_CHANGE_A_MODEL = new Set<string>([
  RegistryEvents.ModelRegistered,
  RegistryEvents.ModelVersionCreated,
]);

/** The consumer name includes the engine, so switching engines indexes everything into the new one. */
export function searchIndexerName(engine: SearchEngine): string {
  return `search-indexer:${engine.kind}`;
}

/**
 * Keeps the search index current from the registry's event log. Documents are rebuilt from the
 * registry's tables, so replaying an event is harmless: delivery is at least once, writes are
 * idempotent, and a failed write leaves the cursor where it was, to be retried.
 */
export function createSearchIndexer(dataSource: DataSource, engine: SearchEngine): EventConsumer {
  return new EventConsumer(dataSource, {
    name: searchIndexerName(engine),
    source: registryEventLog,
    cursorSchema: REGISTRY_SCHEMA,
    batchSize: 200,
    handle: async (events, manager) => {
      const modelIds = new Set<string>();
      for (const event of events) {
        if (!EVENTS_THAT_CHANGE_A_MODEL.has(event.type)) continue;
        const modelId = (event.payload as { modelId?: unknown }).modelId;
        if (typeof modelId === 'string') modelIds.add(modelId);
      }
      await engine.upsert(await loadSearchDocuments(manager, [...modelIds]));
    },
  });
}
