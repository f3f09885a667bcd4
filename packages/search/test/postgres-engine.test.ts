import { createTestDatabase } from '@cairn/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSearchEngineContract } from '../src/contract';
import { CATALOG } from '../src/contract-fixtures';
import { PostgresSearchEngine } from '../src/postgres-engine';

let dataSource: DataSource;
let schemas = 0;

beforeAll(async () => {
  const db = await createTestDatabase();
  dataSource = await new DataSource({ type: 'postgres', url: db.url, poolSize: 8 }).initialize();
});
afterAll(() => dataSource?.destroy());

/** Every engine gets its own schema in this file's database. */
const createEngine = async () => new PostgresSearchEngine(dataSource, `search_${++schemas}`);

describeSearchEngineContract('postgres', createEngine);

describe('PostgresSearchEngine', () => {
  it('leaves only the live table behind after rebuilds', async () => {
    const engine = await createEngine();
    await engine.ensureReady();
    for (let i = 0; i < 2; i++) {
      await engine.rebuild(
        (async function* () {
          yield CATALOG;
        })(),
      );
    }
    const tables = await dataSource.query('SELECT tablename FROM pg_tables WHERE schemaname = $1', [
      `search_${schemas}`,
    ]);
    expect(tables).toEqual([{ tablename: 'model_search_document' }]);
    const indexes = await dataSource.query(
      'SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY 1',
      [`search_${schemas}`],
    );
    expect(indexes.map((row: { indexname: string }) => row.indexname)).toEqual([
      'model_search_document_pkey',
      'model_search_document_search_idx',
      'model_search_document_tags_idx',
    ]);
  });

  it('drops its half-built table when a rebuild fails', async () => {
    const engine = await createEngine();
    await engine.ensureReady();
    await expect(
      engine.rebuild(
        (async function* () {
          yield CATALOG.slice(0, 2);
          throw new Error('source failed');
        })(),
      ),
    ).rejects.toThrow('source failed');
    const tables = await dataSource.query('SELECT tablename FROM pg_tables WHERE schemaname = $1', [
      `search_${schemas}`,
    ]);
    expect(tables).toEqual([{ tablename: 'model_search_document' }]);
  });

  it('refuses schema and table names it would have to quote', () => {
    expect(() => new PostgresSearchEngine(dataSource, 'Bad"Schema')).toThrow(/must match/);
    expect(() => new PostgresSearchEngine(dataSource, 'search', 'x'.repeat(41))).toThrow(/at most 40/);
  });
});
