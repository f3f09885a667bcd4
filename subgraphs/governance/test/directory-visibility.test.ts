import { randomUUID } from 'node:crypto';
import { ModelDirectory } from '@cairn/model-directory';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  migrateSubgraphs,
  publishModel,
  publishVisibilityChange,
  testPrincipals,
  undoMigrationsFrom,
} from '@cairn/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGovernanceDataSource, GOVERNANCE_SCHEMA } from '../src/data-source';
import { governanceSubgraph } from '../src/module';

const { outsider, viewer } = testPrincipals;
let owner: DataSource;

beforeAll(async () => {
  const { url } = await createTestDatabase();
  await migrateSubgraphs(url, [registrySubgraph, governanceSubgraph]);
  owner = await createGovernanceDataSource(url, 2).initialize();
});
afterAll(() => owner?.destroy());

const visibilityOf = async (versionId: string) =>
  (
    await owner.query('SELECT visibility FROM governance.known_model_version WHERE model_version_id = $1', [
      versionId,
    ])
  )[0]?.visibility;

describe('the model directory', () => {
  it('applies a later ModelVisibilityChanged to a version it recovers from the log on demand', async () => {
    // No consumer runs here: every answer comes from the on-demand path.
    const directory = new ModelDirectory(owner, GOVERNANCE_SCHEMA);
    const model = await publishModel(owner);
    await publishVisibilityChange(owner, model, 'INTERNAL', 'PRIVATE');
    const id = model.versionIds[0]!;
    expect(await directory.getVisibleMany(outsider, [id])).toEqual([null]);
    expect((await directory.getVisible(viewer, id)).visibility).toBe('PRIVATE');
    expect(await visibilityOf(id)).toBe('PRIVATE');
    await expect(directory.getForTeamMember(outsider, id, 'do this')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('consumes visibility changes for every version of the model', async () => {
    const directory = new ModelDirectory(owner, GOVERNANCE_SCHEMA);
    await directory.consumer.catchUp();
    const model = await publishModel(owner, { versions: 2 });
    await publishVisibilityChange(owner, model, 'INTERNAL', 'PRIVATE');
    await directory.consumer.catchUp();
    for (const id of model.versionIds) expect(await visibilityOf(id)).toBe('PRIVATE');
    await publishVisibilityChange(owner, model, 'PRIVATE', 'INTERNAL');
    await directory.consumer.catchUp();
    for (const id of model.versionIds) expect(await visibilityOf(id)).toBe('INTERNAL');
  });
});

describe('migration 1764500000000-directory-visibility', () => {
  it('fills in each known version’s visibility from the registry’s log, and goes down again', async () => {
    await undoMigrationsFrom(owner, 'governance', 1764500000000);
    const madePrivate = await publishModel(owner);
    await publishVisibilityChange(owner, madePrivate, 'INTERNAL', 'PRIVATE');
    const bornPrivate = await publishModel(owner, { visibility: 'PRIVATE' });
    const rows = [
      [madePrivate.versionIds[0]!, madePrivate.modelId],
      [bornPrivate.versionIds[0]!, bornPrivate.modelId],
      [randomUUID(), randomUUID()], // known here, with no event left to say anything about it
    ] as const;
    for (const [versionId, modelId] of rows) {
      await owner.query(
        `INSERT INTO governance.known_model_version (model_version_id, model_id, model_name, team_slug, version)
         VALUES ($1, $2, 'm', 'fraud-detection', 1)`,
        [versionId, modelId],
      );
    }

    await owner.runMigrations({ transaction: 'each' });
    expect(await Promise.all(rows.map(([versionId]) => visibilityOf(versionId)))).toEqual([
      'PRIVATE',
      'PRIVATE',
      'INTERNAL',
    ]);

    await undoMigrationsFrom(owner, 'governance', 1764500000000);
    const columns = await owner.query(
      `SELECT 1 FROM information_schema.columns
        WHERE table_schema = 'governance' AND table_name = 'known_model_version' AND column_name = 'visibility'`,
    );
    expect(columns).toEqual([]);
    await owner.runMigrations({ transaction: 'each' });
  });
});
