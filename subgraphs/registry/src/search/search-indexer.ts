import { EventConsumer, type StoredEvent } from '@cairn/event-log';
import { registryEvents } from '@cairn/events';
import { type SearchEngine, SearchEngineUnavailableError } from '@cairn/search';
import type { DataSource } from 'typeorm';
import { REGISTRY_SCHEMA, registryEventLog } from '../data-source';
import { RegistryEvents } from '../events';
import { rebuildSearchIndex } from './rebuild-search-index';
import { loadSearchDocuments } from './search-documents';

const EVENTS_THAT_CHANGE_A_MODEL = new Set<string>([
  RegistryEvents.ModelRegistered,
  RegistryEvents.ModelVersionCreated,
  // Who may find the model changes with it; searches filter on the indexed value.
  RegistryEvents.ModelVisibilityChanged,
  // Default searches leave archived models out; the flag travels in the document.
  RegistryEvents.ModelArchived,
  RegistryEvents.ModelUnarchived,
]);

/** Rounds of write-then-verify before leaving a model that keeps changing to its next event. */
const WRITE_ROUNDS = 3;

/** The consumer name includes the engine, so switching engines indexes everything into the new one. */
export function searchIndexerName(engine: SearchEngine): string {
  return `search-indexer:${engine.kind}`;
}

/**
 * The models these events change, read through the registry's event contract: an event that
 * breaks it throws `MalformedEventError`, and the consumer quarantines it.
 */
function changedModels(events: StoredEvent[]): string[] {
  const modelIds = new Set<string>();
  for (const event of events) {
    if (!EVENTS_THAT_CHANGE_A_MODEL.has(event.type)) continue;
    const parsed = registryEvents.parse(event);
    if ('modelId' in parsed.payload) modelIds.add(parsed.payload.modelId.toLowerCase());
  }
  return [...modelIds];
}

/**
 * Writes the models' documents as the database has them now. Another replica's indexer (or a
 * rebuild's replay) may land an older read of the same model after ours, and timestamps cannot
 * order the reads (`now()` is a transaction's start, not its commit). So after writing, read
 * again and write whatever changed meanwhile: the last write to land is always followed by a
 * read that matches it, and any later change has its own event still to come.
 */
export async function indexModels(
  dataSource: DataSource,
  engine: SearchEngine,
  modelIds: string[],
): Promise<void> {
  let pending = modelIds;
  for (let round = 0; round < WRITE_ROUNDS && pending.length > 0; round++) {
    const written = await loadSearchDocuments(dataSource.manager, pending);
    await engine.upsert(written);
    const asWritten = new Map(written.map((document) => [document.id, JSON.stringify(document)]));
    const current = await loadSearchDocuments(dataSource.manager, pending);
    pending = current.filter((d) => asWritten.get(d.id) !== JSON.stringify(d)).map((d) => d.id);
  }
}

/**
 * Keeps the search index current from the registry's event log. No transaction is open while
 * it waits on the engine: documents are read in short statements, written, and the cursor then
 * moves by compare-and-set. Delivery is at least once and writes are idempotent. The engine
 * being away is transient: nothing is quarantined, the poll backs off and catches up later.
 */
export function createSearchIndexer(dataSource: DataSource, engine: SearchEngine): EventConsumer {
  let ready: Promise<void> | undefined;
  // The index must exist before the first write; a failure is retried with the next batch. An
  // index built for an older document shape (say, without `visibility`) refuses the new fields
  // and cannot filter on them: it is rebuilt from the database first, and the rebuild rewinds
  // this consumer, so what changed meanwhile is applied again. Other replicas' writes that land
  // in the old index during the swap are replayed by the same rewind.
  const prepare = async () => {
    await engine.ensureReady();
    if (!(await engine.needsRebuild?.())) return;
    await rebuildSearchIndex(dataSource, engine).catch((error: unknown) => {
      // No event is at fault: retry later rather than quarantine the batch that was waiting.
      if (error instanceof SearchEngineUnavailableError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new SearchEngineUnavailableError(`Rebuilding the index for its new mapping failed: ${detail}`, {
        cause: error,
      });
    });
  };
  const ensureReady = () =>
    (ready ??= prepare().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));
  return new EventConsumer(dataSource, {
    name: searchIndexerName(engine),
    source: registryEventLog,
    cursorSchema: REGISTRY_SCHEMA,
    batchSize: 200,
    delivery: 'outside-transaction',
    isTransient: (error) => error instanceof SearchEngineUnavailableError,
    handle: async (events) => {
      await ensureReady();
      await indexModels(dataSource, engine, changedModels(events));
    },
  });
}
