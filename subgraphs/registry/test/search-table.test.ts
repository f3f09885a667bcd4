import { createRegistryDataSource } from '@cairn/registry';
import { PostgresSearchEngine } from '@cairn/search';
import { describeSearchEngineContract } from '@cairn/search/src/contract';
import { createTestDatabase, migrateSubgraphs } from '@cairn/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll } from 'vitest';

/**
 * The search contract on the table the registry's migration creates: each engine gets a copy of
 * `registry.model_search_document` (columns, generated search vector, constraints, indexes) in
 * a schema of its own, so the migration and the engine cannot drift apart.
 */
let dataSource: DataSource;
let schemas = 0;

beforeAll(async () => {
  const db = await createTestDatabase();
  await migrateSubgraphs(db.url, [{ createDataSource: createRegistryDataSource }]);
  dataSource = await createRegistryDataSource(db.url, 8).initialize();
});
afterAll(() => dataSource?.destroy());

describeSearchEngineContract('postgres on the registry migration', async () => {
  const schema = `migrated_search_${++schemas}`;
  await dataSource.query(`CREATE SCHEMA ${schema}`);
  await dataSource.query(
    `CREATE TABLE ${schema}.model_search_document (LIKE registry.model_search_document INCLUDING ALL)`,
  );
  return new PostgresSearchEngine(dataSource, schema);
});
