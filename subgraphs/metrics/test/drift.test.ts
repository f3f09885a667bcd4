import type { Principal } from '@cairn/identity';
import { lineageSubgraph } from '@cairn/lineage';
import { metricsSubgraph } from '@cairn/metrics';
import { registrySubgraph } from '@cairn/registry';
import {
  COMPLETE_PROVENANCE,
  countRows as count,
  createTestDatabase,
  startTestSubgraph,
  startWithRegistry,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { beforeAll, describe, expect, it } from 'vitest';

const { engineer, viewer, outsider, admin } = testPrincipals;
/** A serving system's token: read and serving:report, no write. */
const serving: Principal = {
  ...engineer,
  subject: 'serving-bot',
  email: undefined,
  scopes: ['read', 'serving:report'],
};
const readOnly: Principal = { ...engineer, subject: 'read-only', email: undefined, scopes: ['read'] };

const EDGES = [0, 1, 2, 3, 4];
const REFERENCE = [
  { feature: 'amount', binEdges: EDGES, counts: [100, 400, 400, 100] },
  { feature: 'country', categories: ['NL', 'DE', 'FR'], counts: [500, 300, 200] },
  { feature: 'score', role: 'PREDICTION', binEdges: [0, 0.5, 1], counts: [900, 100] },
];
const HEALTHY = [
  { feature: 'amount', binEdges: EDGES, counts: [52, 198, 201, 49] },
  { feature: 'country', categories: ['DE', 'NL', 'FR'], counts: [150, 250, 100] },
];
const DRIFTED = [
  { feature: 'amount', binEdges: EDGES, counts: [10, 40, 200, 250] },
  { feature: 'country', categories: ['NL', 'DE', 'FR', 'BE'], counts: [100, 150, 200, 50] },
];

const REGISTER = /* GraphQL */ `
  mutation($v: ID!, $f: [ReferenceHistogramInput!]!, $t: DriftThresholdsInput) {
    registerReferenceDistributions(modelVersionId: $v, source: TRAINING, features: $f, thresholds: $t) {
      feature role binEdges labels referenceCounts production { counts }
    }
  }`;
const REPORT = /* GraphQL */ `
  mutation($v: ID!, $f: [HistogramInput!]!, $s: DateTimeISO!, $e: DateTimeISO!) {
    reportProductionWindow(modelVersionId: $v, window: { start: $s, end: $e }, features: $f) {
      windowId drifted features { feature psi ks drifted } openAlarm { id features { feature } }
    }
  }`;
const ENTITY = /* GraphQL */ `
  query($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on ModelVersion {
        driftAlarms { id resolution { resolution windowId } features { feature psi ks } }
        retrainSuggestions { alarmId datasets { name uri checksum } trainingRuns { runId datasetIds } provenance features { feature } }
        driftDistributions { feature labels referenceCounts production { counts drifted } }
      }
    }
  }`;

let registry: TestSubgraph;
let lineage: TestSubgraph;
let metrics: TestSubgraph;
let hour = 0;

beforeAll(async () => {
  const db = await createTestDatabase();
  ({ registry, subgraph: lineage } = await startWithRegistry(registrySubgraph, db.url, () =>
    startTestSubgraph(lineageSubgraph, db.url, engineer),
  ));
  metrics = await startTestSubgraph(metricsSubgraph, db.url, engineer);
});

async function must<T>(
  subgraph: TestSubgraph,
  query: string,
  variables: Record<string, unknown>,
  as?: Principal,
) {
  const answer = await subgraph.execute<T>(query, variables, as);
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data!;
}

/** A version with provenance, one training run over two datasets, and references registered. */
async function versionWithLineage(name: string) {
  const model = await must<{ registerModel: { id: string } }>(
    registry,
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    { i: { team: 'fraud-detection', name, license: 'MIT', visibility: 'PRIVATE' } },
  );
  const version = await must<{ createModelVersion: { id: string } }>(
    registry,
    'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
    { i: { modelId: model.registerModel.id, provenance: COMPLETE_PROVENANCE } },
  );
  const versionId = version.createModelVersion.id;
  const run = await must<{ recordTrainingRun: { id: string } }>(
    lineage,
    'mutation($i: RecordTrainingRunInput!) { recordTrainingRun(input: $i) { id } }',
    {
      i: {
        modelVersionId: versionId,
        codeRef: 'git+https://git.example/fraud@0123456789abcdef0123456789abcdef01234567',
        inputDatasets: [
          { name: `${name}-tx`, uri: `s3://data/${name}/tx/`, checksum: `sha256:${'a'.repeat(64)}` },
          { name: `${name}-labels`, uri: `s3://data/${name}/labels/`, checksum: `sha256:${'b'.repeat(64)}` },
        ],
      },
    },
  );
  await must(metrics, REGISTER, { v: versionId, f: REFERENCE });
  return { modelId: model.registerModel.id, versionId, runId: run.recordTrainingRun.id };
}

function report(v: string, f: unknown[], as: Principal = serving) {
  const start = new Date(Date.UTC(2026, 10, 1, hour++));
  const end = new Date(start.getTime() + 3_600_000);
  return metrics.execute<{
    reportProductionWindow: {
      windowId: string;
      drifted: boolean;
      features: { feature: string; psi: number; ks: number | null; drifted: boolean }[];
      openAlarm: { id: string; features: { feature: string }[] } | null;
    };
  }>(REPORT, { v, f, s: start.toISOString(), e: end.toISOString() }, as);
}

async function entity(versionId: string, as: Principal = engineer) {
  // biome-ignore lint/suspicious/noExplicitAny: reading answers
  return metrics.execute<{ _entities: any[] }>(
    ENTITY,
    { r: [{ __typename: 'ModelVersion', id: versionId }] },
    as,
  );
}

describe('drift detection', () => {
  it('a healthy window raises nothing', async () => {
    const { versionId } = await versionWithLineage('healthy-model');
    const answer = await report(versionId, HEALTHY);
    expect(answer.errors).toBeUndefined();
    const result = answer.data!.reportProductionWindow;
    expect(result.drifted).toBe(false);
    expect(result.openAlarm).toBeNull();
    expect(result.features.find((f) => f.feature === 'country')!.ks).toBeNull();
    const { data } = await entity(versionId);
    expect(data!._entities[0].driftAlarms).toEqual([]);
    expect(data!._entities[0].retrainSuggestions).toEqual([]);
  });

  it('a drifted window raises an alarm and a retrain suggestion naming the datasets and the run', async () => {
    const { versionId, runId } = await versionWithLineage('drifting-model');
    const answer = await report(versionId, DRIFTED);
    expect(answer.errors).toBeUndefined();
    const result = answer.data!.reportProductionWindow;
    expect(result.drifted).toBe(true);
    expect(result.openAlarm!.features.map((f) => f.feature)).toEqual(['amount', 'country']);

    const version = (await entity(versionId)).data!._entities[0];
    expect(version.driftAlarms).toHaveLength(1);
    expect(version.driftAlarms[0].resolution).toBeNull();
    const [suggestion] = version.retrainSuggestions;
    expect(suggestion.alarmId).toBe(version.driftAlarms[0].id);
    expect(suggestion.datasets.map((d: { name: string }) => d.name).sort()).toEqual([
      'drifting-model-labels',
      'drifting-model-tx',
    ]);
    expect(suggestion.trainingRuns).toEqual([{ runId, datasetIds: expect.any(Array) }]);
    expect(suggestion.provenance).toMatchObject(COMPLETE_PROVENANCE);
    const country = version.driftDistributions.find((d: { feature: string }) => d.feature === 'country');
    expect(country).toMatchObject({ labels: ['NL', 'DE', 'FR', 'BE'], referenceCounts: [500, 300, 200, 0] });
    expect(country.production).toMatchObject({ counts: [100, 150, 200, 50], drifted: true });

    const types = await metrics.owner.query(
      `SELECT type FROM metrics.event_log WHERE subject_id = $1 ORDER BY id`,
      [versionId],
    );
    expect(types.map((t: { type: string }) => t.type)).toEqual([
      'metrics.ReferenceDistributionsRegistered',
      'metrics.ProductionWindowReported',
      'metrics.DriftAlarmRaised',
      'metrics.RetrainSuggested',
    ]);

    // A second drifted window keeps the one alarm; a healthy one resolves it.
    expect((await report(versionId, DRIFTED)).data!.reportProductionWindow.openAlarm!.id).toBe(
      version.driftAlarms[0].id,
    );
    const healed = await report(versionId, HEALTHY);
    expect(healed.data!.reportProductionWindow.openAlarm).toBeNull();
    const after = (await entity(versionId)).data!._entities[0];
    expect(after.driftAlarms[0].resolution).toEqual({
      resolution: 'HEALTHY_WINDOW',
      windowId: healed.data!.reportProductionWindow.windowId,
    });
  });

  it('a contributor acknowledges an alarm; the model lists open alarms', async () => {
    const { modelId, versionId } = await versionWithLineage('acknowledged-model');
    const alarmId = (await report(versionId, DRIFTED)).data!.reportProductionWindow.openAlarm!.id;
    const open = await must<{ openDriftAlarms: { id: string }[] }>(
      metrics,
      'query($m: ID!) { openDriftAlarms(modelId: $m) { id } }',
      { m: modelId },
    );
    expect(open.openDriftAlarms).toEqual([{ id: alarmId }]);
    const ACK =
      'mutation($a: ID!) { acknowledgeDriftAlarm(alarmId: $a, note: "retraining") { resolution { resolution note } } }';
    expect((await metrics.execute(ACK, { a: alarmId }, viewer)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await metrics.execute(ACK, { a: alarmId }, outsider)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    const acked = await must<{ acknowledgeDriftAlarm: unknown }>(metrics, ACK, { a: alarmId });
    expect(acked.acknowledgeDriftAlarm).toEqual({
      resolution: { resolution: 'ACKNOWLEDGED', note: 'retraining' },
    });
    expect(
      (
        await must<{ openDriftAlarms: unknown[] }>(
          metrics,
          'query($m: ID!) { openDriftAlarms(modelId: $m) { id } }',
          { m: modelId },
        )
      ).openDriftAlarms,
    ).toEqual([]);
  });

  it('refuses bad histograms with typed errors and writes nothing', async () => {
    const { versionId } = await versionWithLineage('strict-model');
    const before = await count(metrics.dataSource, 'metrics.drift_window');
    const cases: [unknown[], string][] = [
      [[{ feature: 'amount', binEdges: [0, 1, 2, 3, 5], counts: [1, 1, 1, 1] }], 'features.0.binEdges'],
      [[{ feature: 'amount', binEdges: EDGES, counts: [1, -1, 1, 1] }], 'features.0.counts.1'],
      [[{ feature: 'amount', binEdges: EDGES, counts: [0, 0, 0, 0] }], 'features.0.counts'],
      [[{ feature: 'amount', binEdges: [0, 1], counts: [1, 1] }], 'features.0.binEdges'],
      [[{ feature: 'unknown', binEdges: EDGES, counts: [1, 1, 1, 1] }], 'features.0.feature'],
      [[{ feature: 'country', binEdges: EDGES, counts: [1, 1, 1, 1] }], 'features.0.categories'],
      [
        Array.from({ length: 101 }, (_, i) => ({ feature: `f${i}`, categories: ['a'], counts: [1] })),
        'features',
      ],
      [
        [
          {
            feature: 'amount',
            binEdges: Array.from({ length: 202 }, (_, i) => i),
            counts: Array(201).fill(1),
          },
        ],
        'features.0.binEdges',
      ],
    ];
    for (const [features, path] of cases) {
      const answer = await report(versionId, features);
      expect(answer.errors?.[0]?.extensions?.code, path).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(answer.errors?.[0]?.extensions), path).toContain(path);
    }
    expect(await count(metrics.dataSource, 'metrics.drift_window')).toBe(before);
  });

  it('needs the team’s contributor role and write or serving:report; hides what the caller may not see', async () => {
    const { versionId } = await versionWithLineage('guarded-model');
    expect((await report(versionId, HEALTHY, readOnly)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await report(versionId, HEALTHY, viewer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await report(versionId, HEALTHY, outsider)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await report(versionId, HEALTHY, admin)).errors).toBeUndefined();
    const registered = await metrics.execute(REGISTER, { v: versionId, f: REFERENCE }, serving);
    expect(registered.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps drift records append-only', async () => {
    await expect(metrics.owner.query('DELETE FROM metrics.drift_alarm')).rejects.toThrow(/append-only/);
    await expect(metrics.owner.query('UPDATE metrics.drift_window SET drifted = false')).rejects.toThrow(
      /append-only/,
    );
  });
});
