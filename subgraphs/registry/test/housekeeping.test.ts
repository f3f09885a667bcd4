import type { Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  type GraphQLResponse,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';

/** Deprecation, archive and legal holds: rights, read-only archives, default lists and search. */
const { admin, auditor, engineer, executive, maintainer, outsider, recommender, viewer } = testPrincipals;

const DEPRECATE = `mutation($v: ID!, $r: String!, $s: ID) {
  deprecateModelVersion(versionId: $v, reason: $r, successorVersionId: $s) {
    id deprecation { reason by at successor { id version } } } }`;
const UNDEPRECATE =
  'mutation($v: ID!) { undeprecateModelVersion(versionId: $v, reason: "fine after all") { deprecation { reason } } }';
const ARCHIVE =
  'mutation($m: ID!, $r: String!) { archiveModel(modelId: $m, reason: $r) { id archive { reason by at } } }';
const UNARCHIVE = 'mutation($m: ID!) { unarchiveModel(modelId: $m) { id archive { reason } } }';
const PLACE =
  'mutation($v: ID!, $r: String!) { placeLegalHold(versionId: $v, reason: $r) { legalHold { reason placedBy } } }';
const RELEASE =
  'mutation($v: ID!, $r: String!) { releaseLegalHold(versionId: $v, reason: $r) { legalHold { reason } } }';

let registry: TestSubgraph;
let models = 0;

const codeOf = (result: GraphQLResponse) => result.errors?.[0]?.extensions?.code ?? 'OK';

// biome-ignore lint/suspicious/noExplicitAny: tests read ids and fields out of the answers
async function ok<T = Record<string, any>>(principal: Principal, query: string, variables = {}) {
  const result = await registry.execute<T>(query, variables, principal);
  expect(result.errors, query).toBeUndefined();
  return result.data!;
}

async function modelWithVersions(versions = 2, visibility = 'INTERNAL', name = `kept-${++models}`) {
  const { registerModel } = await ok(
    admin,
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    {
      i: { team: 'fraud-detection', name, visibility },
    },
  );
  const ids: string[] = [];
  for (let n = 0; n < versions; n++) {
    const { createModelVersion } = await ok(
      admin,
      'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
      { i: { modelId: registerModel.id } },
    );
    ids.push(createModelVersion.id);
  }
  return { modelId: registerModel.id as string, versions: ids as [string, string, ...string[]] };
}

async function written() {
  const [row] = await registry.owner.query(
    `SELECT (SELECT count(*)::int FROM registry.housekeeping_history) AS history,
            (SELECT count(*)::int FROM registry.model_version_deprecation) AS deprecations,
            (SELECT count(*)::int FROM registry.legal_hold) AS holds,
            (SELECT count(*)::int FROM registry.model WHERE archived_at IS NOT NULL) AS archived,
            (SELECT count(*)::int FROM registry.retention_policy) AS policies,
            (SELECT count(*)::int FROM registry.event_log) AS events`,
  );
  return row as Record<string, number>;
}

async function eventsOf(subjectId: string, prefix: string) {
  const rows: { type: string; payload: Record<string, unknown> }[] = await registry.owner.query(
    'SELECT type, payload FROM registry.event_log WHERE subject_id = $1 AND type LIKE $2 ORDER BY id',
    [subjectId, `registry.${prefix}%`],
  );
  return rows;
}

/** Waits for the search indexer, which follows the event log. */
async function searched(principal: Principal, query: string, includeArchived?: boolean) {
  const q =
    'query($q: String!, $a: Boolean) { searchModels(query: $q, includeArchived: $a) { total hits { model { id } } } }';
  return (await ok(principal, q, { q: query, a: includeArchived })).searchModels as {
    total: number;
    hits: { model: { id: string } }[];
  };
}

async function eventually(check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the index did not catch up');
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

describe('deprecation', () => {
  it('is for maintainers of the team, names a later successor, and is recorded and announced', async () => {
    const {
      versions: [v1, v2],
    } = await modelWithVersions();
    for (const [who, code] of [
      [viewer, 'FORBIDDEN'],
      [engineer, 'FORBIDDEN'],
      [executive, 'FORBIDDEN'],
      [auditor, 'FORBIDDEN'],
      [outsider, 'FORBIDDEN'],
    ] as const) {
      expect(codeOf(await registry.execute(DEPRECATE, { v: v1, r: 'old' }, who))).toBe(code);
    }
    const done = await ok(maintainer, DEPRECATE, { v: v1, r: 'leaks future data', s: v2 });
    expect(done.deprecateModelVersion.deprecation).toMatchObject({
      reason: 'leaks future data',
      by: 'maintainer@demo.cairn',
      successor: { id: v2, version: 2 },
    });
    const [event] = await eventsOf(v1, 'ModelVersionDeprecated');
    expect(event!.payload).toMatchObject({
      modelVersionId: v1,
      version: 1,
      teamSlug: 'fraud-detection',
      successorVersionId: v2,
      visibility: 'INTERNAL',
    });
    // The same again changes nothing.
    const before = await written();
    await ok(maintainer, DEPRECATE, { v: v1, r: 'leaks future data', s: v2 });
    expect(await written()).toEqual(before);

    const lifted = await ok(admin, UNDEPRECATE, { v: v1 });
    expect(lifted.undeprecateModelVersion.deprecation).toBeNull();
    expect((await eventsOf(v1, 'ModelVersionUndeprecated')).length).toBe(1);
  });

  it('refuses a successor that is not a later version of the same model, and malformed input, writing nothing', async () => {
    const {
      versions: [v1, v2],
    } = await modelWithVersions();
    const other = await modelWithVersions(1);
    const before = await written();
    for (const [variables, path] of [
      [{ v: v2, r: 'x', s: v1 }, 'successorVersionId'],
      [{ v: v1, r: 'x', s: v1 }, 'successorVersionId'],
      [{ v: v1, r: 'x', s: other.versions[0] }, 'successorVersionId'],
      [{ v: v1, r: 'x', s: 'not-an-id' }, 'successorVersionId'],
      [{ v: v1, r: '' }, 'reason'],
      [{ v: v1, r: 'x'.repeat(501) }, 'reason'],
    ] as const) {
      const result = await registry.execute(DEPRECATE, variables, maintainer);
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain(path);
    }
    expect(codeOf(await registry.execute(DEPRECATE, { v: 'nope', r: 'x' }, maintainer))).toBe('NOT_FOUND');
    expect(await written()).toEqual(before);
  });

  it('answers NOT_FOUND for a private model’s version to a maintainer of another team', async () => {
    const { versions } = await modelWithVersions(1, 'PRIVATE');
    const stranger: Principal = {
      ...recommender,
      memberships: [{ team: 'recommendations', role: 'maintainer', approver: false }],
    };
    expect(codeOf(await registry.execute(DEPRECATE, { v: versions[0], r: 'x' }, stranger))).toBe('NOT_FOUND');
  });
});

describe('archive', () => {
  it('makes the model and its versions read-only, naming the archive, until it is unarchived', async () => {
    const { modelId, versions } = await modelWithVersions(1);
    expect(codeOf(await registry.execute(ARCHIVE, { m: modelId, r: 'retired' }, engineer))).toBe('FORBIDDEN');
    const archived = await ok(maintainer, ARCHIVE, { m: modelId, r: 'superseded by v2 line' });
    expect(archived.archiveModel.archive).toMatchObject({
      reason: 'superseded by v2 line',
      by: 'maintainer@demo.cairn',
    });
    const before = await written();
    const refused = [
      await registry.execute(
        'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
        {
          i: { modelId },
        },
      ),
      await registry.execute('mutation($i: SetModelAliasInput!) { setModelAlias(input: $i) { name } }', {
        i: { modelId, alias: 'champion', versionId: versions[0] },
      }),
      await registry.execute(
        'mutation($m: ID!) { setModelVisibility(modelId: $m, visibility: PRIVATE) { id } }',
        {
          m: modelId,
        },
      ),
      await registry.execute(
        'mutation($i: BeginArtifactUploadInput!) { beginArtifactUpload(input: $i) { alreadyStored } }',
        { i: { modelId, sha256: `sha256:${'a'.repeat(64)}`, size: 3 } },
      ),
      await registry.execute(DEPRECATE, { v: versions[0], r: 'x' }),
    ];
    for (const result of refused) {
      expect(codeOf(result)).toBe('FAILED_PRECONDITION');
      expect(result.errors?.[0]?.message).toMatch(
        /is archived by admin@demo\.cairn|is archived by maintainer@demo\.cairn/,
      );
      expect(result.errors?.[0]?.message).toContain('superseded by v2 line');
    }
    expect(await written()).toEqual(before);
    // The version number a refused creation claimed was released.
    const { model } = await ok(viewer, 'query($id: ID!) { model(id: $id) { versionCount } }', {
      id: modelId,
    });
    expect(model.versionCount).toBe(1);

    await ok(maintainer, UNARCHIVE, { m: modelId });
    await ok(admin, 'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }', {
      i: { modelId },
    });
    expect((await eventsOf(modelId, 'ModelArchived')).map((e) => e.payload)).toEqual([
      { modelId, teamSlug: 'fraud-detection', visibility: 'INTERNAL', reason: 'superseded by v2 line' },
    ]);
    expect((await eventsOf(modelId, 'ModelUnarchived')).length).toBe(1);
  });

  it('leaves archived models out of `models` and `searchModels` unless asked to include them', async () => {
    const { modelId } = await modelWithVersions(0, 'INTERNAL', 'zeppelin-archivable');
    const listed = async (includeArchived?: boolean) => {
      const { models: page } = await ok(
        viewer,
        'query($a: Boolean) { models(first: 100, includeArchived: $a) { totalCount edges { node { id } } } }',
        { a: includeArchived },
      );
      return page.edges.map((e: { node: { id: string } }) => e.node.id) as string[];
    };
    await eventually(async () => (await searched(viewer, 'zeppelin')).total === 1);
    const totalBefore = (await searched(viewer, '')).total;
    await ok(maintainer, ARCHIVE, { m: modelId, r: 'retired' });
    expect(await listed()).not.toContain(modelId);
    expect(await listed(true)).toContain(modelId);
    await eventually(async () => (await searched(viewer, 'zeppelin')).total === 0);
    expect((await searched(viewer, '')).total).toBe(totalBefore - 1);
    expect((await searched(viewer, 'zeppelin', true)).hits.map((h) => h.model.id)).toEqual([modelId]);
    // Reading it still works: archived is read-only, not hidden.
    expect(
      (await ok(viewer, 'query($id: ID!) { model(id: $id) { archive { reason } } }', { id: modelId })).model
        .archive,
    ).toEqual({ reason: 'retired' });
    await ok(maintainer, UNARCHIVE, { m: modelId });
    await eventually(async () => (await searched(viewer, 'zeppelin')).total === 1);
  });
});

describe('legal holds', () => {
  it('are placed by admins and auditors, released by admins only, with a history', async () => {
    const { versions } = await modelWithVersions(1);
    const v = versions[0];
    for (const who of [maintainer, engineer, viewer, executive]) {
      expect(codeOf(await registry.execute(PLACE, { v, r: 'litigation' }, who))).toBe('FORBIDDEN');
    }
    const placed = await ok(auditor, PLACE, { v, r: 'case 2026-17' });
    expect(placed.placeLegalHold.legalHold).toEqual({
      reason: 'case 2026-17',
      placedBy: 'auditor@demo.cairn',
    });
    expect(codeOf(await registry.execute(PLACE, { v, r: 'again' }, admin))).toBe('FAILED_PRECONDITION');
    for (const who of [auditor, maintainer]) {
      expect(codeOf(await registry.execute(RELEASE, { v, r: 'settled' }, who))).toBe('FORBIDDEN');
    }
    const before = await written();
    expect(codeOf(await registry.execute(RELEASE, { v, r: '' }, admin))).toBe('BAD_USER_INPUT');
    expect(await written()).toEqual(before);
    const released = await ok(admin, RELEASE, { v, r: 'settled' });
    expect(released.releaseLegalHold.legalHold).toBeNull();
    expect(codeOf(await registry.execute(RELEASE, { v, r: 'settled' }, admin))).toBe('FAILED_PRECONDITION');
    const { modelVersion } = await ok(
      viewer,
      'query($id: ID!) { modelVersion(id: $id) { legalHoldHistory { action reason actor } } }',
      { id: v },
    );
    expect(modelVersion.legalHoldHistory).toEqual([
      { action: 'RELEASE_LEGAL_HOLD', reason: 'settled', actor: 'admin@demo.cairn' },
      { action: 'PLACE_LEGAL_HOLD', reason: 'case 2026-17', actor: 'auditor@demo.cairn' },
    ]);
    expect((await eventsOf(v, 'LegalHold')).map((e) => e.type)).toEqual([
      'registry.LegalHoldPlaced',
      'registry.LegalHoldReleased',
    ]);
  });

  it('may be placed on a version of an archived model', async () => {
    const { modelId, versions } = await modelWithVersions(1);
    await ok(maintainer, ARCHIVE, { m: modelId, r: 'retired' });
    await ok(admin, PLACE, { v: versions[0], r: 'audit' });
  });
});
