import { createTestDatabase } from '@cairn/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSearchEngineContract } from '../src/contract';
import { CATALOG } from '../src/contract-fixtures';
import { PostgresSearchEngine, SearchTableMissingError } from '../src/postgres-engine';
import { SEES_EVERYTHING } from '../src/search-engine';
import { searchTableDdl } from './postgres-search-table';

let dataSource: DataSource;
let schemas = 0;

beforeAll(async () => {
  const db = await createTestDatabase();
  dataSource = await new DataSource({ type: 'postgres', url: db.url, poolSize: 8 }).initialize();
});
afterAll(() => dataSource?.destroy());

/** Every engine gets its own schema, with the table its migration would create, in this file's database. */
async function createEngine(): Promise<PostgresSearchEngine> {
  const schema = `search_${++schemas}`;
  await dataSource.query(searchTableDdl(schema));
  return new PostgresSearchEngine(dataSource, schema);
}

describeSearchEngineContract('postgres', createEngine);

async function relations(schema: string) {
  const rows: { relname: string }[] = await dataSource.query(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 ORDER BY 1`,
    [schema],
  );
  return rows.map((row) => row.relname);
}

describe('PostgresSearchEngine', () => {
  it('rebuilds in place, creating and dropping nothing', async () => {
    const engine = await createEngine();
    const schema = `search_${schemas}`;
    const before = await relations(schema);
    for (let i = 0; i < 2; i++) {
      await engine.rebuild(
        (async function* () {
          yield CATALOG;
        })(),
      );
    }
    expect(await relations(schema)).toEqual(before);
    expect((await engine.search({ access: SEES_EVERYTHING, text: '', first: 100, offset: 0 })).total).toBe(
      CATALOG.length,
    );
  });

  it('keeps answering with the old rows while a rebuild runs, and with the new ones after it', async () => {
    const engine = await createEngine();
    await engine.upsert(CATALOG);
    let release!: () => void;
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reading!: () => void;
    const started = new Promise<void>((resolve) => {
      reading = resolve;
    });
    const rebuilding = engine.rebuild(
      (async function* () {
        yield CATALOG.slice(0, 2);
        reading();
        await paused;
      })(),
    );
    await started;
    expect((await engine.search({ access: SEES_EVERYTHING, text: '', first: 100, offset: 0 })).total).toBe(
      CATALOG.length,
    );
    release();
    expect(await rebuilding).toEqual({ indexed: 2 });
    expect((await engine.search({ access: SEES_EVERYTHING, text: '', first: 100, offset: 0 })).total).toBe(2);
  });

  it('leaves the old rows when a rebuild fails', async () => {
    const engine = await createEngine();
    await engine.upsert(CATALOG);
    await expect(
      engine.rebuild(
        (async function* () {
          yield CATALOG.slice(0, 2);
          throw new Error('source failed');
        })(),
      ),
    ).rejects.toThrow('source failed');
    expect((await engine.search({ access: SEES_EVERYTHING, text: '', first: 100, offset: 0 })).total).toBe(
      CATALOG.length,
    );
  });

  it('refuses to start without its table, naming the migration to run', async () => {
    await expect(new PostgresSearchEngine(dataSource, 'nowhere').ensureReady()).rejects.toThrow(
      SearchTableMissingError,
    );
    await expect(new PostgresSearchEngine(dataSource, 'nowhere').ensureReady()).rejects.toThrow(
      /"nowhere"."model_search_document" does not exist: run the registry's migrations/,
    );
  });

  it('refuses schema and table names it would have to quote', () => {
    expect(() => new PostgresSearchEngine(dataSource, 'Bad"Schema')).toThrow(/must match/);
    expect(() => new PostgresSearchEngine(dataSource, 'search', 'x'.repeat(64))).toThrow(/at most 63/);
  });
});
