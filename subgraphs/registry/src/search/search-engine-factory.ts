import type { SubgraphConfig } from '@cairn/config';
import { ElasticsearchSearchEngine, PostgresSearchEngine, type SearchEngine } from '@cairn/search';
import type { DataSource } from 'typeorm';
import { REGISTRY_SCHEMA } from '../data-source';

/** Elasticsearch when configured, else PostgreSQL full-text search in the registry's schema. */
export function createSearchEngine(config: SubgraphConfig, dataSource: DataSource): SearchEngine {
  const useElasticsearch =
    config.SEARCH_ENGINE === 'elasticsearch' ||
    (config.SEARCH_ENGINE === 'auto' && Boolean(config.ELASTICSEARCH_URL));
  if (useElasticsearch) {
    return new ElasticsearchSearchEngine({
      url: config.ELASTICSEARCH_URL!,
      indexPrefix: config.SEARCH_INDEX_PREFIX,
    });
  }
  return new PostgresSearchEngine(dataSource, REGISTRY_SCHEMA);
}
