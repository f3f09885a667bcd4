import { type Principal, SYSTEM_PRINCIPAL } from '@cairn/identity';
import { registrySubgraph } from '@cairn/registry';
import {
  countRequestQueries,
  createTestDatabase,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { TeamService } from '../src/services/team.service';

const { engineer, admin, outsider, executive } = testPrincipals;

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterModelInput!) {
    registerModel(input: $input) { id name tags versionCount team { slug } }
  }`;
const CREATE_VERSION = /* GraphQL */ `
  mutation CreateVersion($input: CreateModelVersionInput!) {
    createModelVersion(input: $input) { id version createdBy hyperparameters model { id } }
  }`;

let registry: TestSubgraph;

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await registry.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return row.n;
}

async function registerModel(input: Record<string, unknown>, principal: Principal = engineer) {
  const result = await registry.execute<{ registerModel: { id: string } }>(REGISTER, { input }, principal);
  expect(result.errors).toBeUndefined();
  return result.data!.registerModel;
}

beforeAll(async () => {
  const db = await createTestDatabase();
  registry = await startTestSubgraph(registrySubgraph, db.url, engineer);
  const teams = new TeamService(registry.dataSource);
  for (const slug of ['fraud-detection', 'recommendations', 'search-ranking']) {
    await teams.create(SYSTEM_PRINCIPAL, { slug, name: slug });
  }
});

describe('registering models', () => {
  it('registers a model in the caller’s team and records the event in the same transaction', async () => {
    const model = await registerModel({
      team: 'fraud-detection',
      name: 'card-fraud',
      tags: ['tabular', 'tabular'],
    });
    expect(model).toMatchObject({
      name: 'card-fraud',
      tags: ['tabular'],
      versionCount: 0,
      team: { slug: 'fraud-detection' },
    });
    expect(
      await count(`registry.event_log WHERE type = 'registry.ModelRegistered' AND subject_id = $1`, [
        model.id,
      ]),
    ).toBe(1);
  });

  it('rejects a duplicate name in the same team, ignoring case, and writes nothing', async () => {
    await registerModel({ team: 'fraud-detection', name: 'Chargeback-Risk' });
    const before = await count('registry.model');
    const events = await count('registry.event_log');
    const result = await registry.execute(REGISTER, {
      input: { team: 'fraud-detection', name: 'chargeback-risk' },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await count('registry.model')).toBe(before);
    expect(await count('registry.event_log')).toBe(events);
  });

  it('allows the same name in another team', async () => {
    await registerModel({ team: 'fraud-detection', name: 'shared-name' });
    await registerModel(
      { team: 'recommendations', name: 'shared-name' },
      { ...engineer, memberships: [{ team: 'recommendations', role: 'contributor', approver: false }] },
    );
  });

  it.each([
    [{ team: 'fraud-detection', name: '' }, 'name'],
    [{ team: 'fraud-detection', name: 'has spaces' }, 'name'],
    [{ team: 'fraud-detection', name: '-leading-dash' }, 'name'],
    [{ team: '', name: 'ok-name' }, 'team'],
    [{ team: 'fraud-detection', name: 'ok-name', tags: ['bad tag!'] }, 'tags.0'],
  ])('rejects invalid input %j as BAD_USER_INPUT naming the field', async (input, field) => {
    const before = await count('registry.model');
    const result = await registry.execute(REGISTER, { input });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: field })]),
    );
    expect(await count('registry.model')).toBe(before);
  });

  it('answers NOT_FOUND for an unknown team', async () => {
    const result = await registry.execute(REGISTER, { input: { team: 'no-such-team', name: 'x' } }, admin);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('forbids registering in a team the caller is not in, and callers without the engineer role', async () => {
    const asOutsider = await registry.execute(
      REGISTER,
      { input: { team: 'fraud-detection', name: 'sneaky' } },
      outsider,
    );
    expect(asOutsider.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asExecutive = await registry.execute(
      REGISTER,
      { input: { team: 'fraud-detection', name: 'sneaky' } },
      executive,
    );
    expect(asExecutive.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('model versions', () => {
  it('numbers concurrently created versions 1…n without gaps or duplicates', async () => {
    const model = await registerModel({ team: 'fraud-detection', name: 'concurrent-model' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        registry.execute<{ createModelVersion: { version: number } }>(CREATE_VERSION, {
          input: { modelId: model.id, hyperparameters: { seed: i } },
        }),
      ),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    const numbers = results.map((r) => r.data!.createModelVersion.version).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const latest = await registry.execute<{
      model: { versionCount: number; latestVersion: { version: number } };
    }>('query($id: ID!) { model(id: $id) { versionCount latestVersion { version } } }', { id: model.id });
    expect(latest.data?.model).toEqual({ versionCount: 20, latestVersion: { version: 20 } });
  });

  it('answers NOT_FOUND for unknown or malformed model ids, writing nothing', async () => {
    const before = await count('registry.model_version');
    for (const modelId of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const result = await registry.execute(CREATE_VERSION, { input: { modelId } });
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await count('registry.model_version')).toBe(before);
  });

  it('does not let an outsider add versions, and keeps the number unclaimed', async () => {
    const model = await registerModel({ team: 'fraud-detection', name: 'guarded' });
    const denied = await registry.execute(CREATE_VERSION, { input: { modelId: model.id } }, outsider);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const created = await registry.execute<{ createModelVersion: { version: number } }>(CREATE_VERSION, {
      input: { modelId: model.id },
    });
    expect(created.data?.createModelVersion.version).toBe(1);
  });

  it('keeps versions immutable in the database itself', async () => {
    const model = await registerModel({ team: 'fraud-detection', name: 'immutable' });
    const created = await registry.execute<{ createModelVersion: { id: string } }>(CREATE_VERSION, {
      input: { modelId: model.id, hyperparameters: { lr: 0.1 } },
    });
    await expect(
      registry.owner.query(`UPDATE registry.model_version SET hyperparameters = '{}' WHERE id = $1`, [
        created.data!.createModelVersion.id,
      ]),
    ).rejects.toThrow(/immutable/);
  });

  it('answers NOT_FOUND for unknown ids in queries', async () => {
    const version = await registry.execute(
      '{ modelVersion(id: "00000000-0000-4000-8000-000000000000") { id } }',
    );
    expect(version.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const model = await registry.execute('{ model(id: "nope") { id } }');
    expect(model.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('listing models', () => {
  const PAGE = /* GraphQL */ `
    query Page($first: Int, $after: String, $team: String) {
      models(first: $first, after: $after, team: $team) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id name team { slug } latestVersion { version } } }
      }
    }`;
  type Page = {
    models: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: { id: string; name: string } }[];
    };
  };

  it('walks every model exactly once, in name order', async () => {
    for (let i = 0; i < 7; i++) await registerModel({ team: 'recommendations', name: `page-${i}` }, admin);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: Awaited<ReturnType<typeof registry.execute<Page>>> = await registry.execute<Page>(PAGE, {
        first: 3,
        after,
        team: 'recommendations',
      });
      expect(result.errors).toBeUndefined();
      seen.push(...result.data!.models.edges.map((e) => e.node.name));
      if (!result.data!.models.pageInfo.hasNextPage) break;
      after = result.data!.models.pageInfo.endCursor;
    }
    expect(seen).toEqual([...seen].sort());
    expect(seen.filter((n) => n.startsWith('page-'))).toEqual(
      Array.from({ length: 7 }, (_, i) => `page-${i}`),
    );
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('rejects a forged cursor and an out-of-range page size as BAD_USER_INPUT', async () => {
    const forged = await registry.execute(PAGE, { first: 3, after: 'garbage' });
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await registry.execute(PAGE, { first: 1000 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resolves a page of 50 models with a constant number of queries', async () => {
    for (let i = 0; i < 50; i++) {
      const model = await registerModel(
        { team: 'search-ranking', name: `batch-${String(i).padStart(2, '0')}` },
        admin,
      );
      await registry.execute(CREATE_VERSION, { input: { modelId: model.id } }, admin);
    }
    const queries = await countRequestQueries(registry.dataSource, async () => {
      const result = await registry.execute<Page>(PAGE, { first: 50, team: 'search-ranking' });
      expect(result.errors).toBeUndefined();
      expect(result.data!.models.edges).toHaveLength(50);
    });
    // count + page + one batched load each for teams and latest versions
    expect(queries).toBeLessThanOrEqual(4);
  });
});

describe('identity', () => {
  it('refuses a request that does not carry the gateway’s signed identity', async () => {
    const result = await registry.execute('{ teams { edges { node { slug } } } }', {}, null);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
