import { registrySubgraph } from '@cairn/registry';
import { createTestDatabase, startTestSubgraph, type TestSubgraph, testPrincipals } from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';

const { engineer, admin } = testPrincipals;

let registry: TestSubgraph;

beforeAll(async () => {
  const db = await createTestDatabase();
  registry = await startTestSubgraph(registrySubgraph, db.url, engineer);
  const team = await registry.execute(
    'mutation { createTeam(input: { slug: "fraud-detection", name: "Fraud" }) { id } }',
    {},
    admin,
  );
  expect(team.errors).toBeUndefined();
});

describe('ids in any case', () => {
  it('find a model and a version by an upper-case uuid, with their team and latest version', async () => {
    const model = await registry.execute<{ registerModel: { id: string } }>(
      'mutation { registerModel(input: { team: "fraud-detection", name: "upper-case" }) { id } }',
    );
    const modelId = model.data!.registerModel.id;
    const version = await registry.execute<{ createModelVersion: { id: string } }>(
      'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
      { i: { modelId: modelId.toUpperCase() } },
    );
    expect(version.errors).toBeUndefined();
    const versionId = version.data!.createModelVersion.id;

    const read = await registry.execute(
      `query($m: ID!, $v: ID!) {
        model(id: $m) { id team { slug } latestVersion { id } versions { edges { node { id } } } }
        modelVersion(id: $v) { id model { id } }
      }`,
      { m: modelId.toUpperCase(), v: versionId.toUpperCase() },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({
      model: {
        id: modelId,
        team: { slug: 'fraud-detection' },
        latestVersion: { id: versionId },
        versions: { edges: [{ node: { id: versionId } }] },
      },
      modelVersion: { id: versionId, model: { id: modelId } },
    });

    const entities = await registry.execute(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Model { id team { slug } latestVersion { id } }
        ... on ModelVersion { id }
      } }`,
      {
        r: [
          { __typename: 'Model', id: modelId.toUpperCase() },
          { __typename: 'ModelVersion', id: versionId.toUpperCase() },
        ],
      },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data).toEqual({
      _entities: [
        { id: modelId, team: { slug: 'fraud-detection' }, latestVersion: { id: versionId } },
        { id: versionId },
      ],
    });
  });

  it('answer NOT_FOUND for ids that are not uuids, without asking the database', async () => {
    const read = await registry.execute('{ model(id: "not-a-uuid") { id } }');
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
