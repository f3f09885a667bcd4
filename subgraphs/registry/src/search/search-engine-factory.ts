import type { SubgraphConfig } from '@cairn/config';
import { ElasticsearchSearchEngine, PostgresSearchEngine, type SearchEngine } from '@cairn/search';
import type { DataSource } from 'typeorm';
import { REGISTRY_SCHEMA } from '../data-source';

const usesElasticsearch = (config: SubgraphConfig) =>
  config.SEARCH_ENGINE === 'elasticsearch' ||
  (config.SEARCH_ENGINE === 'auto' && Boolean(config.ELASTICSEARCH_URL));

/** Elasticsearch when configured, else PostgreSQL full-text search in the registry's schema. */
export function createSearchEngine(config: SubgraphConfig, dataSource: DataSource): SearchEngine {
  if (usesElasticsearch(config)) {
    return new ElasticsearchSearchEngine({
      url: config.ELASTICSEARCH_URL!,
      indexPrefix: config.SEARCH_INDEX_PREFIX,
    });
  }
  return new PostgresSearchEngine(dataSource, REGISTRY_SCHEMA);
}

/** The engine that answers while Elasticsearch is away (`SEARCH_FALLBACK=postgres`), if any. */
export function createFallbackSearchEngine(
  config: SubgraphConfig,
  dataSource: DataSource,
): SearchEngine | undefined {
  if (!usesElasticsearch(config) || config.SEARCH_FALLBACK !== 'postgres') return undefined;
  return new PostgresSearchEngine(dataSource, REGISTRY_SCHEMA);
}
