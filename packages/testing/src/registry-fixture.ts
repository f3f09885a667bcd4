import { type Principal, SYSTEM_PRINCIPAL } from '@cairn/identity';
import { registrySubgraph, TeamService } from '@cairn/registry';
import type { DataSource } from 'typeorm';
import { expect } from 'vitest';
import { testPrincipals } from './principals';
import { countQueries } from './query-counter';
import { migrateSubgraphs, startTestSubgraph, type TestSubgraph } from './subgraph-harness';

export const TEAMS = ['fraud-detection', 'recommendations', 'search-ranking'];

/** The registry, to create versions through, and the subgraph under test, on one database. */
export async function startWithRegistry(url: string, start: () => Promise<TestSubgraph>) {
  await migrateSubgraphs(url, [registrySubgraph]);
  const registry = await startTestSubgraph(registrySubgraph, url, testPrincipals.engineer);
  const teams = new TeamService(registry.dataSource);
  for (const slug of TEAMS) await teams.create(SYSTEM_PRINCIPAL, { slug, name: slug });
  return { registry, subgraph: await start() };
}

let models = 0;

/** A new model with `count` versions, registered through the registry's GraphQL API. */
export async function createVersions(
  registry: TestSubgraph,
  count = 1,
  team = 'fraud-detection',
  principal: Principal = testPrincipals.admin,
): Promise<string[]> {
  const model = await registry.execute<{ registerModel: { id: string } }>(
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    { i: { team, name: `model-${++models}` } },
    principal,
  );
  expect(model.errors).toBeUndefined();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const version = await registry.execute<{ createModelVersion: { id: string } }>(
      'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
      { i: { modelId: model.data!.registerModel.id } },
      principal,
    );
    expect(version.errors).toBeUndefined();
    ids.push(version.data!.createModelVersion.id);
  }
  return ids;
}

// Background consumers (model directory, search indexer) poll on the same data source; their
// statements are not the request's.
const BACKGROUND =
  /event_cursor|event_log|START TRANSACTION|COMMIT|ROLLBACK|loadSearchDocuments|model_search_document/;

/** How many SQL statements `work` sends through `dataSource`, ignoring background polling. */
export const countRequestQueries = (dataSource: DataSource, work: () => Promise<unknown>) =>
  countQueries(dataSource, work, (sql) => !BACKGROUND.test(sql));

export async function countRows(
  dataSource: DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<number> {
  const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return row.n;
}
