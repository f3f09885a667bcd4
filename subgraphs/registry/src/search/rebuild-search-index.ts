import type { SearchEngine } from '@cairn/search';
import type { DataSource } from 'typeorm';
import { registryEventLog } from '../data-source';
import { allSearchDocuments } from './search-documents';
import { createSearchIndexer } from './search-indexer';

/**
 * Rebuilds the index from the database into a fresh index and switches searches over when it is
 * complete. Changes committed while the rebuild reads are not lost: the indexer is rewound to
 * the log position taken before reading, so it re-applies everything after it to the new index.
 */
export async function rebuildSearchIndex(
  dataSource: DataSource,
  engine: SearchEngine,
): Promise<{ indexed: number }> {
  await engine.ensureReady();
  const head = await registryEventLog.head(dataSource.manager);
  const result = await engine.rebuild(allSearchDocuments(dataSource));
  const indexer = createSearchIndexer(dataSource, engine);
  await indexer.rewindTo(head);
  await indexer.catchUp();
  await engine.refresh();
  return result;
}
