import { randomUUID } from 'node:crypto';
import { subgraphSchema } from '@cairn/config';
import { EventApplyError, EventLog } from '@cairn/event-log';
import { ModelDirectory } from '@cairn/model-directory';
import { registrySubgraph } from '@cairn/registry';
import { runQuarantineCommand } from '@cairn/subgraph-kit';
import { createTestDatabase, migrateSubgraphs } from '@cairn/testing';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createGovernanceDataSource, GOVERNANCE_SCHEMA } from '../src/data-source';
import { governanceSubgraph } from '../src/module';

const registryLog = new EventLog('registry');
let databaseUrl: string;
let dataSource: DataSource;

beforeAll(async () => {
  databaseUrl = (await createTestDatabase()).url;
  await migrateSubgraphs(databaseUrl, [registrySubgraph, governanceSubgraph]);
  dataSource = await createGovernanceDataSource(databaseUrl, 2).initialize();
});

afterAll(() => dataSource?.destroy());

async function versionCreated(modelVersionId: string) {
  await dataSource.transaction((manager) =>
    registryLog.append(manager, {
      type: 'registry.ModelVersionCreated',
      subjectType: 'ModelVersion',
      subjectId: modelVersionId,
      actor: 'tester',
      payload: {
        modelVersionId,
        modelId: randomUUID(),
        modelName: 'm',
        teamSlug: 'fraud-detection',
        version: 1,
      },
    }),
  );
}

it('the model directory quarantines an event it cannot record, keeps going, and the CLI reports it', async () => {
  const directory = new ModelDirectory(dataSource, GOVERNANCE_SCHEMA);
  const good = randomUUID();
  await versionCreated('not-a-uuid');
  await versionCreated(good);

  // The first event is the poison one: no cursor row exists yet when it fails.
  for (let attempt = 1; attempt < 5; attempt++) {
    await expect(directory.consumer.catchUp()).rejects.toBeInstanceOf(EventApplyError);
  }
  await directory.consumer.catchUp();
  expect(
    await dataSource.query('SELECT 1 FROM governance.known_model_version WHERE model_version_id = $1', [
      good,
    ]),
  ).toHaveLength(1);
  const [quarantined] = await directory.consumer.quarantined();
  expect(quarantined).toMatchObject({ attempts: 5, event: { subjectId: 'not-a-uuid' } });
  // The typed contract (`@cairn/events`) refuses the payload before any SQL runs.
  expect(quarantined!.reason).toMatch(/MalformedEventError.*breaks its contract/);

  const config = subgraphSchema('governance').parse({
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'test',
  });
  const logger = pino({ level: 'silent' });
  const written: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    expect(await runQuarantineCommand(governanceSubgraph, config, logger, ['quarantined'])).toBe(0);
    expect(JSON.parse(written.join(''))).toMatchObject({ consumer: 'model-directory', attempts: 5 });
    // The cause cannot be fixed here: the replay fails and the event stays quarantined.
    const eventId = quarantined!.event.eventId;
    expect(
      await runQuarantineCommand(governanceSubgraph, config, logger, [
        'replay-quarantined',
        'model-directory',
        eventId,
      ]),
    ).toBe(1);
    expect(
      await runQuarantineCommand(governanceSubgraph, config, logger, ['replay-quarantined', 'nope', eventId]),
    ).toBe(2);
  } finally {
    write.mockRestore();
  }
  expect((await directory.consumer.quarantined())[0]).toMatchObject({ attempts: 6, replayedAt: null });
  expect((await directory.consumer.health()).quarantined).toBe(1);
});
