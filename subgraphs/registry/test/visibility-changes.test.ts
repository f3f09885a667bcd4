import { randomUUID } from 'node:crypto';
import type { Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  type GraphQLResponse,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';

/** Who may change visibility, what a change does (reads, search, events), and team defaults. */
const { admin, approver, auditor, engineer, executive, maintainer, outsider, recommender, viewer } =
  testPrincipals;

const SET_MODEL = /* GraphQL */ `
  mutation($m: ID!, $v: Visibility!, $reason: String) {
    setModelVisibility(modelId: $m, visibility: $v, reason: $reason) { id visibility }
  }`;
const SET_TEAM = /* GraphQL */ `
  mutation($t: String!, $v: Visibility!) { setTeamDefaultVisibility(team: $t, visibility: $v) { slug defaultVisibility } }`;
const REGISTER = 'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id visibility } }';

let registry: TestSubgraph;
let models = 0;

const codeOf = (result: GraphQLResponse) => result.errors?.[0]?.extensions?.code ?? 'OK';

async function ok<T>(principal: Principal, query: string, variables: Record<string, unknown> = {}) {
  const result = await registry.execute<T>(query, variables, principal);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function registerModel(team: string, visibility?: string) {
  const { registerModel } = await ok<{ registerModel: { id: string; visibility: string } }>(admin, REGISTER, {
    i: { team, name: `model-${++models}`, visibility },
  });
  return registerModel;
}

async function eventsOf(type: string, subjectId: string) {
  const rows: { payload: Record<string, unknown>; actor: string }[] = await registry.dataSource.query(
    'SELECT payload, actor FROM registry.event_log WHERE type = $1 AND subject_id = $2 ORDER BY id',
    [`registry.${type}`, subjectId],
  );
  return rows;
}

beforeAll(async () => {
  registry = await startTestSubgraph(registrySubgraph, (await createTestDatabase()).url, admin, {
    SEARCH_ENGINE: 'postgres',
  });
  for (const slug of ['fraud-detection', 'recommendations', 'search-ranking']) {
    await ok(admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
      i: { slug, name: slug },
    });
  }
});

describe('setModelVisibility', () => {
  // A private fraud-detection model: who may change it, and what everyone else is told.
  it.each([
    ['maintainer of the team', maintainer, 'OK'],
    ['platform admin', admin, 'OK'],
    ['contributor of the team', engineer, 'FORBIDDEN'],
    ['viewer of the team', viewer, 'FORBIDDEN'],
    ['approver in the team', approver, 'FORBIDDEN'],
    ['auditor (sees it, changes nothing)', auditor, 'FORBIDDEN'],
    // Rights first: who maintains no team is FORBIDDEN for any model, existing or not.
    ['executive (maintains nothing)', executive, 'FORBIDDEN'],
    ['contributor of another team', recommender, 'FORBIDDEN'],
    ['outsider', outsider, 'FORBIDDEN'],
    // …who maintains another team, and cannot see this model, is told it does not exist.
    [
      'maintainer of another team (cannot see it)',
      { ...outsider, memberships: [{ team: 'search-ranking', role: 'maintainer', approver: false }] },
      'NOT_FOUND',
    ],
    ['maintainer without the admin scope', { ...maintainer, scopes: ['read', 'write'] }, 'FORBIDDEN'],
  ] as const)('%s: %s', async (_role, principal, expected) => {
    const model = await registerModel('fraud-detection', 'PRIVATE');
    const result = await registry.execute(SET_MODEL, { m: model.id, v: 'INTERNAL' }, principal as Principal);
    expect(codeOf(result)).toBe(expected);
    const changes = await eventsOf('ModelVisibilityChanged', model.id);
    expect(changes).toHaveLength(expected === 'OK' ? 1 : 0);
  });

  it('hides a model on the next read and search, records the change with its reason, and shows it again', async () => {
    const model = await registerModel('fraud-detection');
    expect(model.visibility).toBe('INTERNAL');
    const READ = 'query($id: ID!) { model(id: $id) { id } }';
    const searchTotal = async (principal: Principal) =>
      (
        await ok<{ searchModels: { total: number } }>(
          principal,
          'query($q: String!) { searchModels(query: $q) { total } }',
          { q: `model-${models}` },
        )
      ).searchModels.total;
    await vi.waitFor(async () => expect(await searchTotal(outsider)).toBe(1), { timeout: 15_000 });

    const hidden = await ok<{ setModelVisibility: { visibility: string } }>(maintainer, SET_MODEL, {
      m: model.id,
      v: 'PRIVATE',
      reason: 'Trained on customer data',
    });
    expect(hidden.setModelVisibility.visibility).toBe('PRIVATE');
    expect(codeOf(await registry.execute(READ, { id: model.id }, outsider))).toBe('NOT_FOUND');
    expect(codeOf(await registry.execute(READ, { id: model.id }, engineer))).toBe('OK');
    // The indexer applies the change from the event log.
    await vi.waitFor(async () => expect(await searchTotal(outsider)).toBe(0), { timeout: 15_000 });
    expect(await searchTotal(engineer)).toBe(1);

    // Setting what it already is changes nothing and records nothing.
    await ok(maintainer, SET_MODEL, { m: model.id, v: 'PRIVATE' });
    await ok(admin, SET_MODEL, { m: model.id, v: 'INTERNAL' });
    expect(codeOf(await registry.execute(READ, { id: model.id }, outsider))).toBe('OK');
    await vi.waitFor(async () => expect(await searchTotal(outsider)).toBe(1), { timeout: 15_000 });

    const changes = await eventsOf('ModelVisibilityChanged', model.id);
    expect(changes.map((e) => [e.actor, e.payload])).toEqual([
      [
        'maintainer@demo.cairn',
        {
          modelId: model.id,
          teamSlug: 'fraud-detection',
          from: 'INTERNAL',
          to: 'PRIVATE',
          reason: 'Trained on customer data',
        },
      ],
      [
        'admin@demo.cairn',
        { modelId: model.id, teamSlug: 'fraud-detection', from: 'PRIVATE', to: 'INTERNAL', reason: null },
      ],
    ]);
  });

  it('answers an unknown model NOT_FOUND and bad arguments BAD_USER_INPUT', async () => {
    const model = await registerModel('fraud-detection');
    expect(codeOf(await registry.execute(SET_MODEL, { m: randomUUID(), v: 'PRIVATE' }, admin))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await registry.execute(SET_MODEL, { m: 'not-a-uuid', v: 'PRIVATE' }, admin))).toBe(
      'NOT_FOUND',
    );
    const long = await registry.execute(
      SET_MODEL,
      { m: model.id, v: 'PRIVATE', reason: 'x'.repeat(1001) },
      admin,
    );
    expect(codeOf(long)).toBe('BAD_USER_INPUT');
    const control = await registry.execute(
      SET_MODEL,
      { m: model.id, v: 'PRIVATE', reason: 'a\u0000b' },
      admin,
    );
    expect(codeOf(control)).toBe('BAD_USER_INPUT');
    const badEnum = await registry.execute(SET_MODEL, { m: model.id, v: 'PUBLIC' }, admin);
    expect(badEnum.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await eventsOf('ModelVisibilityChanged', model.id)).toEqual([]);
  });
});

describe('team default visibility', () => {
  it.each([
    ['maintainer of the team', maintainer, 'OK'],
    ['platform admin', admin, 'OK'],
    ['contributor of the team', engineer, 'FORBIDDEN'],
    ['auditor', auditor, 'FORBIDDEN'],
    ['executive', executive, 'FORBIDDEN'],
    ['member of another team', outsider, 'FORBIDDEN'],
    ['maintainer without the admin scope', { ...maintainer, scopes: ['read', 'write'] }, 'FORBIDDEN'],
  ] as const)('%s: %s', async (_role, principal, expected) => {
    const result = await registry.execute(
      SET_TEAM,
      { t: 'recommendations', v: 'INTERNAL' },
      principal as Principal,
    );
    expect(codeOf(result)).toBe(expected);
  });

  it('applies to models registered without a visibility, records its event, and leaves existing models alone', async () => {
    const before = await registerModel('fraud-detection');
    const { setTeamDefaultVisibility } = await ok<{
      setTeamDefaultVisibility: { defaultVisibility: string };
    }>(maintainer, SET_TEAM, { t: 'fraud-detection', v: 'PRIVATE' });
    expect(setTeamDefaultVisibility.defaultVisibility).toBe('PRIVATE');
    const defaulted = await registerModel('fraud-detection');
    const explicit = await registerModel('fraud-detection', 'INTERNAL');
    expect([before.visibility, defaulted.visibility, explicit.visibility]).toEqual([
      'INTERNAL',
      'PRIVATE',
      'INTERNAL',
    ]);
    const [registered] = await eventsOf('ModelRegistered', defaulted.id);
    expect(registered!.payload.visibility).toBe('PRIVATE');

    const { createModelVersion } = await ok<{ createModelVersion: { id: string } }>(
      engineer,
      'mutation($m: ID!) { createModelVersion(input: { modelId: $m }) { id } }',
      { m: defaulted.id },
    );
    const [created] = await eventsOf('ModelVersionCreated', createModelVersion.id);
    expect(created!.payload.visibility).toBe('PRIVATE');

    const { team } = await ok<{ team: { id: string; defaultVisibility: string } }>(
      outsider,
      '{ team(slug: "fraud-detection") { id defaultVisibility } }',
    );
    expect(team.defaultVisibility).toBe('PRIVATE');
    const changes = await eventsOf('TeamDefaultVisibilityChanged', team.id);
    expect(changes.at(-1)!.payload).toEqual({
      teamId: team.id,
      slug: 'fraud-detection',
      from: 'INTERNAL',
      to: 'PRIVATE',
    });
    await ok(maintainer, SET_TEAM, { t: 'fraud-detection', v: 'INTERNAL' });
  });

  it('is set when a team is created, INTERNAL unless said otherwise, and its event says so', async () => {
    const CREATE = 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id defaultVisibility } }';
    const plain = await ok<{ createTeam: { id: string; defaultVisibility: string } }>(admin, CREATE, {
      i: { slug: 'plain-team', name: 'Plain' },
    });
    const closed = await ok<{ createTeam: { id: string; defaultVisibility: string } }>(admin, CREATE, {
      i: { slug: 'closed-team', name: 'Closed', defaultVisibility: 'PRIVATE' },
    });
    expect([plain.createTeam.defaultVisibility, closed.createTeam.defaultVisibility]).toEqual([
      'INTERNAL',
      'PRIVATE',
    ]);
    const [created] = await eventsOf('TeamCreated', closed.createTeam.id);
    expect(created!.payload.defaultVisibility).toBe('PRIVATE');
  });

  it('answers an unknown team NOT_FOUND for a platform admin and a malformed slug BAD_USER_INPUT', async () => {
    expect(codeOf(await registry.execute(SET_TEAM, { t: 'no-such-team', v: 'PRIVATE' }, admin))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await registry.execute(SET_TEAM, { t: 'Not A Slug', v: 'PRIVATE' }, admin))).toBe(
      'BAD_USER_INPUT',
    );
  });
});
