import type { Principal } from '@cairn/identity';
import type { BaseContext, SubgraphModule } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import { expect } from 'vitest';
import { testPrincipals } from './principals';
import { countQueries } from './query-counter';
import { migrateSubgraphs, startTestSubgraph, type TestSubgraph } from './subgraph-harness';

export const TEAMS = ['fraud-detection', 'recommendations', 'search-ranking'];

/**
 * The registry, to create versions through, and the subgraph under test, on one database. The
 * caller passes the registry's module, so this package does not depend on any subgraph.
 */
export async function startWithRegistry<C extends BaseContext>(
  registryModule: SubgraphModule<C>,
  url: string,
  start: () => Promise<TestSubgraph>,
) {
  await migrateSubgraphs(url, [registryModule]);
  const registry = await startTestSubgraph(registryModule, url, testPrincipals.engineer);
  for (const slug of TEAMS) {
    const created = await registry.execute(
      'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }',
      { i: { slug, name: slug } },
      testPrincipals.admin,
    );
    expect(created.errors).toBeUndefined();
  }
  return { registry, subgraph: await start() };
}

let models = 0;

/** A new model with `count` versions, registered through the registry's GraphQL API. */
/**
 * A model card with every field the guardrails look at, and provenance with a code reference,
 * container digest and dataset checksums: a fixture version passes every tier's guardrails.
 */
export const COMPLETE_CARD = {
  intendedUse: 'Scoring test transactions.',
  outOfScopeUses: 'Anything outside tests.',
  businessUseCases: 'Exercising the registry in tests.',
  assumptions: 'Inputs look like training data.',
  limitations: 'Trained on synthetic data.',
  ethicalConsiderations: 'No personal data involved.',
  evaluationSummary: 'Evaluated on a synthetic holdout.',
  owners: [{ name: 'Test team' }],
};
export const COMPLETE_PROVENANCE = {
  code: { repositoryUrl: 'https://git.example.com/tests/model.git', commit: 'a'.repeat(40) },
  containerImage: { digest: `sha256:${'b'.repeat(64)}` },
  datasets: [{ uri: 's3://test-data/holdout/', sha256: 'c'.repeat(64) }],
};

export async function createVersions(
  registry: TestSubgraph,
  count = 1,
  team = 'fraud-detection',
  principal: Principal = testPrincipals.admin,
): Promise<string[]> {
  const model = await registry.execute<{ registerModel: { id: string } }>(
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    { i: { team, name: `model-${++models}`, license: 'Apache-2.0' } },
    principal,
  );
  expect(model.errors).toBeUndefined();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const version = await registry.execute<{ createModelVersion: { id: string } }>(
      'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
      { i: { modelId: model.data!.registerModel.id, card: COMPLETE_CARD, provenance: COMPLETE_PROVENANCE } },
      principal,
    );
    expect(version.errors).toBeUndefined();
    ids.push(version.data!.createModelVersion.id);
  }
  return ids;
}

// Background consumers (model directory, search indexer, the insights projections) poll on the
// same data source; their statements are not the request's.
const BACKGROUND =
  /event_cursor|event_log|eventLogExists|START TRANSACTION|COMMIT|ROLLBACK|loadSearchDocuments|model_search_document|insights_|lockInsightsProjections/;

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
