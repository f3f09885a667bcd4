import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createArtifactStore } from '@cairn/artifact-store';
import { ServiceUnavailableError } from '@cairn/errors';
import { START_OF_LOG } from '@cairn/event-log';
import { governanceSubgraph } from '@cairn/governance';
import { SYSTEM_PRINCIPAL } from '@cairn/identity';
import {
  RetentionService,
  registrySubgraph,
  TeamService,
  VERSION_STAGE_CONSUMER,
  VersionStageProjection,
} from '@cairn/registry';
import {
  createTestDatabase,
  createVersions,
  migrateSubgraphs,
  promoteVersion,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * The registry's projection of governance's stages (`version-stage`, into
 * `registry.version_stage`), fed only by governance's event log. The registry starts here before
 * governance's schema exists, as it may in a deployment where governance migrates later.
 */
const { admin } = testPrincipals;
const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 20_000, interval: 100 });

type ConsumerCheck = { name: string; status: string; reason?: string; details?: Record<string, unknown> };

let databaseUrl: string;
let registry: TestSubgraph;
let governance: TestSubgraph;
let artifactDir: string;

async function stageCheck(): Promise<{ status: string; reasons: string[]; check: ConsumerCheck }> {
  const response = await fetch(new URL('/readyz', registry.url));
  const body = (await response.json()) as { status: string; reasons: string[]; checks: ConsumerCheck[] };
  const check = body.checks.find((c) => c.name === `consumer:${VERSION_STAGE_CONSUMER}`)!;
  return { status: body.status, reasons: body.reasons, check };
}

async function transition(versionId: string, to: 'STAGING' | 'PRODUCTION') {
  await promoteVersion(governance, versionId, to);
}

async function projected(
  versionId: string,
): Promise<{ stage: string; event_log_id: string; updated_at: Date }> {
  const [row] = await registry.owner.query(
    'SELECT stage, event_log_id, updated_at FROM registry.version_stage WHERE model_version_id = $1',
    [versionId],
  );
  return row;
}

const stageOf = async (versionId: string) => (await projected(versionId))?.stage;

beforeAll(async () => {
  artifactDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-version-stage-'));
  databaseUrl = (await createTestDatabase()).url;
  registry = await startTestSubgraph(registrySubgraph, databaseUrl, admin, {
    SEARCH_ENGINE: 'postgres',
    ARTIFACT_DIR: artifactDir,
    EVENT_RETRY_MAX_INTERVAL_MS: '400',
  });
  await new TeamService(registry.dataSource).create(SYSTEM_PRINCIPAL, {
    slug: 'fraud-detection',
    name: 'Fraud',
  });
});

afterAll(() => rmSync(artifactDir, { recursive: true, force: true }));

describe('before governance is migrated', () => {
  it('the registry serves, waits for governance’s log without failing, and purges nothing', async () => {
    await createVersions(registry, 1, 'fraud-detection', admin);
    await eventually(async () => {
      const { status, reasons, check } = await stageCheck();
      expect(status).toBe('degraded');
      expect(reasons).toContain('version-stage is waiting: governance.event_log does not exist yet');
      expect(check.details).toMatchObject({
        waitingFor: 'governance.event_log does not exist yet',
        failures: 0,
        lag: 0,
      });
      expect(check.details?.lastSuccessAt).toBeTruthy();
    });
    const retention = new RetentionService(
      registry.dataSource,
      createArtifactStore(registry.config),
      new VersionStageProjection(registry.dataSource),
    );
    await expect(retention.purgeExpiredArtifacts(new Date(Date.now() + 10_000 * 86_400_000))).rejects.toThrow(
      ServiceUnavailableError,
    );
  });

  it('once governance migrates, the running registry picks its log up at the next poll', async () => {
    // Governance's migrations read the registry's log, which exists: the registry migrated first.
    await migrateSubgraphs(databaseUrl, [governanceSubgraph]);
    governance = await startTestSubgraph(governanceSubgraph, databaseUrl, admin, {
      EVENT_RETRY_MAX_INTERVAL_MS: '400',
    });
    const [versionId] = await createVersions(registry, 1, 'fraud-detection', admin);
    await transition(versionId!, 'STAGING');
    await eventually(async () => expect(await stageOf(versionId!)).toBe('STAGING'));
    await eventually(async () => {
      const { status, check } = await stageCheck();
      expect(check).toMatchObject({ status: 'up', details: { waitingFor: null, lag: 0 } });
      expect(status).toBe('ready');
    });
  });
});

describe('the projection', () => {
  it('keeps each version’s latest stage, and reading the log again changes nothing', async () => {
    const [promoted, staged] = await createVersions(registry, 2, 'fraud-detection', admin);
    await transition(promoted!, 'STAGING');
    await transition(staged!, 'STAGING');
    await transition(promoted!, 'PRODUCTION');
    await eventually(async () => {
      expect(await stageOf(promoted!)).toBe('PRODUCTION');
      expect(await stageOf(staged!)).toBe('STAGING');
    });
    const before = [await projected(promoted!), await projected(staged!)];

    // From the start of the log one event at a time: every older transition of a version meets
    // its newer row and leaves it be, the row is not even rewritten (`updated_at` stays).
    const replay = new VersionStageProjection(registry.dataSource, { batchSize: 1 }).consumer();
    await replay.rewindTo(START_OF_LOG);
    await replay.catchUp();
    expect([await projected(promoted!), await projected(staged!)]).toEqual(before);
  });

  it('quarantines a malformed governance event and keeps projecting the ones after it', async () => {
    const [versionId] = await createVersions(registry, 1, 'fraud-detection', admin);
    // Written as the owner: governance's own code could not publish it past its contract.
    const [malformed] = await registry.owner.query(
      `INSERT INTO governance.event_log (type, subject_type, subject_id, actor, payload)
       VALUES ('governance.StageTransitioned', 'ModelVersion', $1, 'mallory', $2) RETURNING event_id`,
      [versionId, JSON.stringify({ modelVersionId: versionId, to: 'LIMBO' })],
    );
    await transition(versionId!, 'STAGING');

    await eventually(async () => {
      expect(await stageOf(versionId!)).toBe('STAGING');
      const quarantined = await registry.owner.query(
        'SELECT event_id, source_log, reason FROM registry.event_quarantine WHERE consumer = $1',
        [VERSION_STAGE_CONSUMER],
      );
      expect(quarantined).toEqual([
        {
          event_id: malformed.event_id,
          source_log: 'governance',
          reason: expect.stringMatching(/MalformedEventError/),
        },
      ]);
    });
    const { reasons, check } = await stageCheck();
    expect(reasons).toContain('version-stage has 1 quarantined event(s) to replay');
    expect(check.details).toMatchObject({ quarantined: 1, lag: 0, failing: null });
  });
});
