import { lineageSubgraph } from '@cairn/lineage';
import { metricsSubgraph } from '@cairn/metrics';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  createVersions,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { governanceSubgraph } from '../src/module';
import { eventually, TestReceiver } from './webhook-receiver';

const { maintainer, engineer } = testPrincipals;

interface Readiness {
  status: string;
  reasons: string[];
}

let registry: TestSubgraph;
let governance: TestSubgraph;
let dbUrl: string;
const hook = new TestReceiver();

async function readiness(subgraph: TestSubgraph): Promise<{ httpStatus: number; body: Readiness }> {
  const response = await fetch(new URL('/readyz', subgraph.url));
  return { httpStatus: response.status, body: (await response.json()) as Readiness };
}

async function must<T>(subgraph: TestSubgraph, query: string, variables: Record<string, unknown>) {
  const answer = await subgraph.execute<T>(query, variables);
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data!;
}

// Governance starts in a database where metrics is not migrated yet, as a governance-only setup
// or a rolling deployment has it; the metrics subgraph arrives later in the test.
beforeAll(async () => {
  const db = await createTestDatabase();
  dbUrl = db.url;
  ({ registry, subgraph: governance } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(governanceSubgraph, db.url, maintainer, {
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.0/8',
      WEBHOOK_DISPATCH_INTERVAL_MS: '50',
    }),
  ));
  await hook.start();
});

afterAll(async () => {
  await hook.stop();
});

describe('webhooks for drift events', () => {
  it('wait for a metrics log that does not exist yet, then deliver DriftAlarmRaised signed', async () => {
    await eventually(async () => {
      const { httpStatus, body } = await readiness(governance);
      return (
        httpStatus === 200 &&
        body.reasons.includes('webhook-outbox-metrics is waiting: metrics.event_log does not exist yet')
      );
    });

    const created = await must<{ createWebhookSubscription: { secret: string } }>(
      governance,
      `mutation($i: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $i) { secret } }`,
      {
        i: {
          team: 'fraud-detection',
          url: hook.url,
          eventTypes: ['metrics.DriftAlarmRaised', 'metrics.RetrainSuggested'],
        },
      },
    );
    hook.secret = created.createWebhookSubscription.secret;

    const lineage = await startTestSubgraph(lineageSubgraph, dbUrl, engineer);
    const metrics = await startTestSubgraph(metricsSubgraph, dbUrl, engineer);
    const [versionId] = await createVersions(registry, 1, 'fraud-detection');
    await must(lineage, 'mutation($i: RecordTrainingRunInput!) { recordTrainingRun(input: $i) { id } }', {
      i: {
        modelVersionId: versionId,
        codeRef: 'git+https://git.example/fraud@0123456789abcdef0123456789abcdef01234567',
        inputDatasets: [{ name: 'tx-2026', uri: 's3://data/tx/2026/', checksum: `sha256:${'c'.repeat(64)}` }],
      },
    });
    const edges = [0, 1, 2, 3];
    await must(
      metrics,
      `mutation($v: ID!, $f: [ReferenceHistogramInput!]!) {
        registerReferenceDistributions(modelVersionId: $v, source: TRAINING, features: $f) { feature }
      }`,
      { v: versionId, f: [{ feature: 'amount', binEdges: edges, counts: [600, 300, 100] }] },
    );
    const report = await must<{ reportProductionWindow: { drifted: boolean; openAlarm: { id: string } } }>(
      metrics,
      `mutation($v: ID!, $f: [HistogramInput!]!) {
        reportProductionWindow(modelVersionId: $v,
          window: { start: "2026-12-01T00:00:00Z", end: "2026-12-01T01:00:00Z" }, features: $f) {
          drifted openAlarm { id }
        }
      }`,
      { v: versionId, f: [{ feature: 'amount', binEdges: edges, counts: [100, 300, 600] }] },
    );
    expect(report.reportProductionWindow.drifted).toBe(true);

    await eventually(async () => hook.verified.length >= 2);
    expect(hook.calls.every((c) => c.verified)).toBe(true);
    expect(hook.calls[0]!.headers['webhook-signature']).toMatch(/^v1,/);
    const raised = hook.verified.find((v) => v.type === 'metrics.DriftAlarmRaised');
    expect(raised).toMatchObject({
      team: 'fraud-detection',
      subject: { type: 'ModelVersion', id: versionId },
      data: {
        alarmId: report.reportProductionWindow.openAlarm.id,
        modelVersionId: versionId,
        teamSlug: 'fraud-detection',
        features: [expect.objectContaining({ feature: 'amount', drifted: true })],
      },
    });
    expect(hook.verified.find((v) => v.type === 'metrics.RetrainSuggested')).toMatchObject({
      data: { datasets: [expect.objectContaining({ name: 'tx-2026', uri: 's3://data/tx/2026/' })] },
    });

    // Once the log exists, the consumer no longer waits for it.
    const { body } = await readiness(governance);
    expect(body.reasons.filter((r) => r.startsWith('webhook-outbox-metrics'))).toEqual([]);
  }, 60_000);
});
