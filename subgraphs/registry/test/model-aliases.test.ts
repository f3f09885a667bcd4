import type { Principal } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  countRequestQueries,
  createTestDatabase,
  type GraphQLResponse,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';

/** Aliases: setting, moving, deleting, rolling back, protection, history and `at` lookups. */
const { admin, auditor, engineer, executive, maintainer, outsider, recommender, viewer } = testPrincipals;

const SET = /* GraphQL */ `
  mutation($i: SetModelAliasInput!) {
    setModelAlias(input: $i) { name protected updatedBy version { id version } }
  }`;
const DELETE = /* GraphQL */ `
  mutation($m: ID!, $a: String!, $r: String!) {
    deleteModelAlias(modelId: $m, alias: $a, reason: $r) { id action actor reason fromVersion { id } toVersion { id } }
  }`;
const ROLLBACK = /* GraphQL */ `
  mutation($m: ID!, $a: String!, $r: String!) {
    rollbackModelAlias(modelId: $m, alias: $a, reason: $r) { name version { id version } }
  }`;
const PROTECT = /* GraphQL */ `
  mutation($m: ID!, $a: String!, $p: Boolean!, $r: String) {
    setModelAliasProtection(modelId: $m, alias: $a, protected: $p, reason: $r) { name protected }
  }`;
const RESOLVE = /* GraphQL */ `
  query($m: ID!, $a: String!, $at: DateTimeISO) { modelVersionByAlias(modelId: $m, alias: $a, at: $at) { id version } }`;
const HISTORY = /* GraphQL */ `
  query($m: ID!, $a: String, $first: Int, $after: String) {
    aliasHistory(modelId: $m, alias: $a, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { alias action actor reason at fromVersion { version } toVersion { version } } }
    }
  }`;

interface HistoryNode {
  action: string;
  actor: string;
  reason: string | null;
  fromVersion: { version: number } | null;
  toVersion: { version: number } | null;
}

let registry: TestSubgraph;
let models = 0;

const codeOf = (result: GraphQLResponse) => result.errors?.[0]?.extensions?.code ?? 'OK';

// biome-ignore lint/suspicious/noExplicitAny: tests read ids and fields out of the answers
async function ok<T = Record<string, any>>(
  principal: Principal,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const result = await registry.execute<T>(query, variables, principal);
  expect(result.errors, query).toBeUndefined();
  return result.data!;
}

/** A model of `team` with `versions` versions, registered by an admin. */
async function modelWithVersions(team = 'fraud-detection', versions = 3, visibility = 'INTERNAL') {
  const { registerModel } = await ok(
    admin,
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    {
      i: { team, name: `aliased-${++models}`, visibility },
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
  // Typed as long as the tests destructure it; each asks for as many as it uses.
  return { modelId: registerModel.id as string, versions: ids as [string, string, string, ...string[]] };
}

const set = (principal: Principal, modelId: string, alias: string, versionId: string, reason?: string) =>
  registry.execute(SET, { i: { modelId, alias, versionId, reason } }, principal);

async function written(modelId: string) {
  const [row] = await registry.owner.query(
    `SELECT (SELECT count(*)::int FROM registry.model_alias WHERE model_id = $1) AS aliases,
            (SELECT count(*)::int FROM registry.model_alias_history WHERE model_id = $1) AS history,
            (SELECT count(*)::int FROM registry.event_log WHERE subject_id = $1::text AND type LIKE 'registry.ModelAlias%') AS events`,
    [modelId],
  );
  return row as { aliases: number; history: number; events: number };
}

async function resolved(modelId: string, alias: string, at?: Date) {
  const result = await registry.execute<{ modelVersionByAlias: { id: string } }>(
    RESOLVE,
    { m: modelId, a: alias, at: at?.toISOString() },
    viewer,
  );
  return result.errors ? codeOf(result) : result.data!.modelVersionByAlias.id;
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

describe('aliases', () => {
  it('are set, moved, rolled back and deleted, each change recorded with who, when, from, to and why', async () => {
    const {
      modelId,
      versions: [v1, v2, v3],
    } = await modelWithVersions();
    const created = await ok(engineer, SET, {
      i: { modelId, alias: 'champion', versionId: v1, reason: 'first' },
    });
    expect(created.setModelAlias).toMatchObject({
      name: 'champion',
      protected: false,
      updatedBy: 'engineer@demo.cairn',
    });
    await ok(engineer, SET, { i: { modelId, alias: 'champion', versionId: v2, reason: 'better AUC' } });
    // Pointing it where it already points records nothing.
    await ok(engineer, SET, { i: { modelId, alias: 'champion', versionId: v2 } });
    await ok(maintainer, SET, { i: { modelId, alias: 'champion', versionId: v3 } });
    expect((await written(modelId)).history).toBe(3);

    const back = await ok(engineer, ROLLBACK, { m: modelId, a: 'champion', r: 'v3 regressed' });
    expect(back.rollbackModelAlias.version.id).toBe(v2);
    // A second rollback undoes the first.
    const again = await ok(engineer, ROLLBACK, { m: modelId, a: 'champion', r: 'false alarm' });
    expect(again.rollbackModelAlias.version.id).toBe(v3);

    const model = await ok(viewer, 'query($id: ID!) { model(id: $id) { aliases { name version { id } } } }', {
      id: modelId,
    });
    expect(model.model.aliases).toEqual([{ name: 'champion', version: { id: v3 } }]);
    const version = await ok(viewer, 'query($id: ID!) { modelVersion(id: $id) { aliases { name } } }', {
      id: v3,
    });
    expect(version.modelVersion.aliases).toEqual([{ name: 'champion' }]);

    const deleted = await ok(engineer, DELETE, { m: modelId, a: 'champion', r: 'retired' });
    expect(deleted.deleteModelAlias).toMatchObject({
      action: 'DELETE',
      actor: 'engineer@demo.cairn',
      reason: 'retired',
      fromVersion: { id: v3 },
      toVersion: null,
    });
    expect(await resolved(modelId, 'champion')).toBe('NOT_FOUND');

    const history = await ok(viewer, HISTORY, { m: modelId, a: 'champion' });
    expect(history.aliasHistory.totalCount).toBe(6);
    expect(
      history.aliasHistory.edges.map(({ node }: { node: HistoryNode }) => [
        node.action,
        node.fromVersion?.version ?? null,
        node.toVersion?.version ?? null,
        node.actor,
        node.reason,
      ]),
    ).toEqual([
      ['DELETE', 3, null, 'engineer@demo.cairn', 'retired'],
      ['ROLLBACK', 2, 3, 'engineer@demo.cairn', 'false alarm'],
      ['ROLLBACK', 3, 2, 'engineer@demo.cairn', 'v3 regressed'],
      ['MOVE', 2, 3, 'maintainer@demo.cairn', null],
      ['MOVE', 1, 2, 'engineer@demo.cairn', 'better AUC'],
      ['SET', null, 1, 'engineer@demo.cairn', 'first'],
    ]);
    const events: { type: string; payload: Record<string, unknown> }[] = await registry.owner.query(
      `SELECT type, payload FROM registry.event_log WHERE subject_id = $1 AND type LIKE 'registry.ModelAlias%' ORDER BY id`,
      [modelId],
    );
    expect(events.map((e) => e.type)).toEqual([
      'registry.ModelAliasSet',
      'registry.ModelAliasSet',
      'registry.ModelAliasSet',
      'registry.ModelAliasRolledBack',
      'registry.ModelAliasRolledBack',
      'registry.ModelAliasDeleted',
    ]);
    expect(events[1]!.payload).toMatchObject({
      modelId,
      teamSlug: 'fraud-detection',
      alias: 'champion',
      fromVersionId: v1,
      toVersionId: v2,
      toVersion: 2,
      reason: 'better AUC',
    });
  });

  it('answer which version an alias named at an instant, and compute `latest`', async () => {
    const {
      modelId,
      versions: [v1, v2, v3],
    } = await modelWithVersions();
    const before = new Date();
    await ok(engineer, SET, { i: { modelId, alias: 'challenger', versionId: v1 } });
    const afterSet = new Date();
    await ok(engineer, SET, { i: { modelId, alias: 'challenger', versionId: v2 } });
    const afterMove = new Date();
    await ok(engineer, DELETE, { m: modelId, a: 'challenger', r: 'done' });
    const afterDelete = new Date();

    expect(await resolved(modelId, 'challenger', before)).toBe('NOT_FOUND');
    expect(await resolved(modelId, 'challenger', afterSet)).toBe(v1);
    expect(await resolved(modelId, 'challenger', afterMove)).toBe(v2);
    expect(await resolved(modelId, 'challenger', afterDelete)).toBe('NOT_FOUND');
    expect(await resolved(modelId, 'challenger')).toBe('NOT_FOUND');
    // At the exact instant the history shows for a change, that change has happened.
    const shown = await ok(viewer, HISTORY, { m: modelId, a: 'challenger' });
    for (const { node } of shown.aliasHistory.edges as {
      node: { at: string; toVersion: { version: number } | null };
    }[]) {
      const at = await resolved(modelId, 'challenger', new Date(node.at));
      expect(at).toBe(node.toVersion ? [v1, v2, v3][node.toVersion.version - 1] : 'NOT_FOUND');
    }
    expect(await resolved(modelId, 'latest')).toBe(v3);
    expect(await resolved(modelId, 'latest', new Date(0))).toBe('NOT_FOUND');
    expect(codeOf(await set(engineer, modelId, 'latest', v1))).toBe('BAD_USER_INPUT');
  });

  it('roll back only to a version the alias pointed at before', async () => {
    const {
      modelId,
      versions: [v1, v2],
    } = await modelWithVersions();
    await ok(engineer, SET, { i: { modelId, alias: 'shadow', versionId: v1 } });
    const before = await written(modelId);
    expect(codeOf(await registry.execute(ROLLBACK, { m: modelId, a: 'shadow', r: 'x' }, engineer))).toBe(
      'FAILED_PRECONDITION',
    );
    expect(codeOf(await registry.execute(ROLLBACK, { m: modelId, a: 'nothing', r: 'x' }, engineer))).toBe(
      'NOT_FOUND',
    );
    // Deleted and set again: it starts over.
    await ok(engineer, SET, { i: { modelId, alias: 'shadow', versionId: v2 } });
    await ok(engineer, DELETE, { m: modelId, a: 'shadow', r: 'gone' });
    await ok(engineer, SET, { i: { modelId, alias: 'shadow', versionId: v1 } });
    expect(codeOf(await registry.execute(ROLLBACK, { m: modelId, a: 'shadow', r: 'x' }, engineer))).toBe(
      'FAILED_PRECONDITION',
    );
    expect((await written(modelId)).history).toBe(before.history + 3);
  });
});

describe('who may change aliases', () => {
  const rightsCases = [
    ['contributor of the team', 'OK', 'FORBIDDEN', engineer],
    ['maintainer of the team', 'OK', 'OK', maintainer],
    ['platform admin', 'OK', 'OK', admin],
    ['viewer of the team', 'FORBIDDEN', 'FORBIDDEN', viewer],
    ['auditor', 'FORBIDDEN', 'FORBIDDEN', auditor],
    ['executive', 'FORBIDDEN', 'FORBIDDEN', executive],
    ['contributor of another team', 'FORBIDDEN', 'FORBIDDEN', recommender],
    ['contributor without the write scope', 'FORBIDDEN', 'FORBIDDEN', { ...engineer, scopes: ['read'] }],
  ] as const;

  it.each(rightsCases)(
    '%s: unprotected %s, protected %s',
    async (_who, unprotected, protectedOutcome, principal) => {
      const {
        modelId,
        versions: [v1, v2],
      } = await modelWithVersions();
      await ok(admin, SET, { i: { modelId, alias: 'open', versionId: v1 } });
      await ok(admin, SET, { i: { modelId, alias: 'guarded', versionId: v1 } });
      await ok(maintainer, PROTECT, { m: modelId, a: 'guarded', p: true, r: 'serves production' });
      const before = await written(modelId);
      const p = principal as Principal;
      expect(codeOf(await set(p, modelId, 'open', v2))).toBe(unprotected);
      expect(codeOf(await set(p, modelId, 'guarded', v2))).toBe(protectedOutcome);
      if (protectedOutcome !== 'OK') {
        for (const query of [DELETE, ROLLBACK]) {
          expect(codeOf(await registry.execute(query, { m: modelId, a: 'guarded', r: 'try' }, p))).toBe(
            'FORBIDDEN',
          );
        }
        expect(codeOf(await registry.execute(PROTECT, { m: modelId, a: 'guarded', p: false }, p))).toBe(
          'FORBIDDEN',
        );
        const after = await written(modelId);
        expect(after.history - before.history).toBe(unprotected === 'OK' ? 1 : 0);
      }
    },
  );

  it('lets only maintainers protect and unprotect, recording both', async () => {
    const {
      modelId,
      versions: [v1],
    } = await modelWithVersions();
    await ok(engineer, SET, { i: { modelId, alias: 'prod', versionId: v1 } });
    expect(codeOf(await registry.execute(PROTECT, { m: modelId, a: 'prod', p: true }, engineer))).toBe(
      'FORBIDDEN',
    );
    expect(
      (await ok(maintainer, PROTECT, { m: modelId, a: 'prod', p: true })).setModelAliasProtection.protected,
    ).toBe(true);
    await ok(maintainer, PROTECT, { m: modelId, a: 'prod', p: true }); // no change, no record
    await ok(admin, PROTECT, { m: modelId, a: 'prod', p: false, r: 'handing over' });
    const history = await ok(viewer, HISTORY, { m: modelId });
    expect(history.aliasHistory.edges.map(({ node }: { node: HistoryNode }) => node.action)).toEqual([
      'UNPROTECT',
      'PROTECT',
      'SET',
    ]);
    expect(codeOf(await registry.execute(PROTECT, { m: modelId, a: 'missing', p: true }, maintainer))).toBe(
      'NOT_FOUND',
    );
  });

  it('answers NOT_FOUND for models the caller may not see, and changes nothing', async () => {
    const {
      modelId,
      versions: [v1],
    } = await modelWithVersions('fraud-detection', 1, 'PRIVATE');
    await ok(engineer, SET, { i: { modelId, alias: 'hidden', versionId: v1 } });
    const before = await written(modelId);
    const otherMaintainer: Principal = {
      ...outsider,
      memberships: [{ team: 'search-ranking', role: 'maintainer', approver: false }],
    };
    for (const who of [outsider, otherMaintainer]) {
      expect(codeOf(await set(who, modelId, 'hidden', v1))).toBe('NOT_FOUND');
      expect(codeOf(await registry.execute(DELETE, { m: modelId, a: 'hidden', r: 'x' }, who))).toBe(
        'NOT_FOUND',
      );
      expect(codeOf(await registry.execute(ROLLBACK, { m: modelId, a: 'hidden', r: 'x' }, who))).toBe(
        'NOT_FOUND',
      );
      expect(codeOf(await registry.execute(RESOLVE, { m: modelId, a: 'hidden' }, who))).toBe('NOT_FOUND');
      expect(codeOf(await registry.execute(HISTORY, { m: modelId }, who))).toBe('NOT_FOUND');
    }
    expect(
      codeOf(await registry.execute(PROTECT, { m: modelId, a: 'hidden', p: true }, otherMaintainer)),
    ).toBe('NOT_FOUND');
    expect(await written(modelId)).toEqual(before);
    // Members of the team see it, auditors too.
    expect(codeOf(await registry.execute(RESOLVE, { m: modelId, a: 'hidden' }, auditor))).toBe('OK');
  });

  it('refuses a version of another model without saying whether it exists', async () => {
    const mine = await modelWithVersions('fraud-detection', 1);
    const theirs = await modelWithVersions('recommendations', 1, 'PRIVATE');
    const before = await written(mine.modelId);
    for (const versionId of [theirs.versions[0]!, '00000000-0000-4000-8000-000000000000', 'nope']) {
      const result = await set(engineer, mine.modelId, 'champion', versionId);
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/versionId: is not a version of this model/);
    }
    expect(await written(mine.modelId)).toEqual(before);
  });
});

describe('malformed input', () => {
  it.each([
    ['upper case', { alias: 'Champion' }],
    ['leading digit', { alias: '1st' }],
    ['empty', { alias: '' }],
    ['too long', { alias: `a${'b'.repeat(63)}` }],
    ['underscore', { alias: 'a_b' }],
    ['reserved', { alias: 'latest' }],
    ['reason too long', { reason: 'x'.repeat(501) }],
    ['control characters', { reason: 'a\u0007b' }],
  ])('setModelAlias with %s: BAD_USER_INPUT, nothing written', async (_case, override) => {
    const {
      modelId,
      versions: [v1],
    } = await modelWithVersions('fraud-detection', 1);
    const before = await written(modelId);
    const result = await registry.execute(
      SET,
      { i: { modelId, alias: 'ok', versionId: v1, ...override } },
      engineer,
    );
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(await written(modelId)).toEqual(before);
  });

  it('requires a reason to delete or roll back, and a sane instant and page', async () => {
    const {
      modelId,
      versions: [v1, v2],
    } = await modelWithVersions('fraud-detection', 2);
    await ok(engineer, SET, { i: { modelId, alias: 'champion', versionId: v1 } });
    await ok(engineer, SET, { i: { modelId, alias: 'champion', versionId: v2 } });
    const before = await written(modelId);
    for (const query of [DELETE, ROLLBACK]) {
      for (const r of ['', '   ', 'x'.repeat(501)]) {
        expect(codeOf(await registry.execute(query, { m: modelId, a: 'champion', r }, engineer))).toBe(
          'BAD_USER_INPUT',
        );
      }
    }
    expect(
      codeOf(
        await registry.execute(RESOLVE, { m: modelId, a: 'champion', at: '0000-01-01T00:00:00Z' }, viewer),
      ),
    ).toBe('BAD_USER_INPUT');
    for (const page of [{ first: 0 }, { first: 101 }, { after: 'bogus' }]) {
      expect(codeOf(await registry.execute(HISTORY, { m: modelId, ...page }, viewer))).toBe('BAD_USER_INPUT');
    }
    expect(await written(modelId)).toEqual(before);
  });
});

describe('history pages', () => {
  it('page newest first with cursors', async () => {
    const { modelId, versions } = await modelWithVersions('fraud-detection', 3);
    for (const versionId of [...versions, ...versions])
      await ok(engineer, SET, { i: { modelId, alias: 'cycle', versionId } });
    const first = await ok(viewer, HISTORY, { m: modelId, first: 4 });
    expect(first.aliasHistory).toMatchObject({ totalCount: 6, pageInfo: { hasNextPage: true } });
    const rest = await ok(viewer, HISTORY, {
      m: modelId,
      first: 4,
      after: first.aliasHistory.pageInfo.endCursor,
    });
    expect(rest.aliasHistory.pageInfo.hasNextPage).toBe(false);
    const versionsSeen = [...first.aliasHistory.edges, ...rest.aliasHistory.edges].map(
      ({ node }: { node: HistoryNode }) => node.toVersion!.version,
    );
    expect(versionsSeen).toEqual([3, 2, 1, 3, 2, 1]);
  });
});

describe('concurrent moves', () => {
  it('apply one after the other and lose no history', async () => {
    const { modelId, versions } = await modelWithVersions('fraud-detection', 5);
    await ok(engineer, SET, { i: { modelId, alias: 'busy', versionId: versions[0] } });
    const results = await Promise.all(versions.slice(1).map((v) => set(engineer, modelId, 'busy', v)));
    expect(results.map(codeOf)).toEqual(['OK', 'OK', 'OK', 'OK']);
    const rows: { action: string; from_version_id: string | null; to_version_id: string }[] =
      await registry.owner.query(
        `SELECT action, from_version_id, to_version_id FROM registry.model_alias_history
        WHERE model_id = $1 AND alias = 'busy' ORDER BY id`,
        [modelId],
      );
    expect(rows).toHaveLength(5);
    // Each move starts where the one before it ended: a chain with no gap.
    for (let n = 1; n < rows.length; n++) expect(rows[n]!.from_version_id).toBe(rows[n - 1]!.to_version_id);
    const [current] = await registry.owner.query(
      "SELECT model_version_id FROM registry.model_alias WHERE model_id = $1 AND name = 'busy'",
      [modelId],
    );
    expect(current.model_version_id).toBe(rows.at(-1)!.to_version_id);
    expect((await written(modelId)).events).toBe(5);
  });

  it('create the same new alias once, then move it', async () => {
    const { modelId, versions } = await modelWithVersions('fraud-detection', 2);
    const results = await Promise.all(versions.map((v) => set(engineer, modelId, 'fresh', v)));
    expect(results.map(codeOf)).toEqual(['OK', 'OK']);
    const actions = await registry.owner.query(
      "SELECT action FROM registry.model_alias_history WHERE model_id = $1 AND alias = 'fresh' ORDER BY id",
      [modelId],
    );
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['SET', 'MOVE']);
  });
});

describe('alias fields', () => {
  it('load for a page of models and their versions with a constant number of queries', async () => {
    for (let n = 0; n < 8; n++) {
      const { modelId, versions } = await modelWithVersions('search-ranking', 2);
      await ok(admin, SET, { i: { modelId, alias: 'champion', versionId: versions[0] } });
      await ok(admin, SET, { i: { modelId, alias: 'challenger', versionId: versions[1] } });
    }
    const queries = await countRequestQueries(registry.dataSource, async () => {
      const { models } = await ok(
        viewer,
        `{ models(first: 8, team: "search-ranking") { edges { node {
             aliases { name version { version } }
             versions(first: 2) { edges { node { aliases { name } } } } } } } }`,
      );
      for (const { node } of models.edges) {
        expect(node.aliases.map((a: { name: string }) => a.name)).toEqual(['challenger', 'champion']);
      }
    });
    // models count + page, aliases, their versions, version pages + totals, aliases by version
    expect(queries).toBeLessThanOrEqual(7);
  });
});

describe('the alias history', () => {
  it('refuses to be rewritten, even by the owner', async () => {
    const {
      modelId,
      versions: [v1],
    } = await modelWithVersions('fraud-detection', 1);
    await ok(engineer, SET, { i: { modelId, alias: 'kept', versionId: v1 } });
    await expect(
      registry.owner.query("UPDATE registry.model_alias_history SET actor = 'x' WHERE model_id = $1", [
        modelId,
      ]),
    ).rejects.toThrow(/refused/);
    await expect(
      registry.owner.query('DELETE FROM registry.model_alias_history WHERE model_id = $1', [modelId]),
    ).rejects.toThrow(/refused/);
    await expect(registry.dataSource.query('TRUNCATE registry.model_alias_history')).rejects.toThrow(
      /permission denied|refused/,
    );
  });
});
