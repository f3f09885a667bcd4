import { CairnError, type operations } from '@cairn/sdk';
import { describe, expect, it } from 'vitest';
import {
  type Batch,
  errorInFile,
  MAX_BATCH_BYTES,
  MAX_VERSIONS_PER_CALL,
  pathInFile,
  planBatches,
} from '../src/history-batches';
import { type FileModel, parseHistory } from '../src/history-file';

/** The batch plan and the mapping of API paths back into the file: pure, so tested alone. */
const promotion = {
  targetStage: 'PRODUCTION' as const,
  requestedAt: '2024-01-02T00:00:00Z',
  decidedAt: '2024-01-03T00:00:00Z',
  outcome: 'REJECTED' as const,
  rejectionReason: 'the holdout month regressed, see the evaluation report attached to the ticket',
};
const model = (i: number, versions: number, promotions = 0): operations.HistoricalModelInput => ({
  team: 'alpha',
  name: `model-${i}`,
  registeredAt: '2024-01-01T00:00:00Z',
  versions: Array.from({ length: versions }, (_, v) => ({
    version: v + 1,
    registeredAt: '2024-01-01T00:00:00Z',
    promotions: Array.from({ length: promotions }, () => promotion),
  })),
});
const entries = (models: operations.HistoricalModelInput[]): FileModel[] =>
  models.map((m, index) => ({ position: { index }, model: m }));

function expectWithinLimits(batches: Batch[]) {
  for (const batch of batches) {
    expect(batch.pieces.length).toBeLessThanOrEqual(200);
    expect(batch.versions).toBeLessThanOrEqual(MAX_VERSIONS_PER_CALL);
    expect(Buffer.byteLength(JSON.stringify(batch.pieces.map((p) => p.model)))).toBeLessThanOrEqual(
      MAX_BATCH_BYTES,
    );
    const names = batch.pieces.map((p) => p.model.name);
    expect(new Set(names).size).toBe(names.length);
  }
}

/** Every version of the file, once, in order, as the batches send them. */
const sentVersions = (batches: Batch[]) =>
  batches.flatMap((b) =>
    b.pieces.flatMap((p) => p.model.versions.map((v) => `${p.model.name}@${v.version}`)),
  );

describe('planBatches', () => {
  it('fills calls up to 200 models, or --batch-size, in file order', () => {
    const file = entries(Array.from({ length: 450 }, (_, i) => model(i, 1)));
    expect(planBatches(file).map((b) => b.models)).toEqual([200, 200, 50]);
    expect(planBatches(file, 100).map((b) => b.models)).toEqual([100, 100, 100, 100, 50]);
  });

  it('starts a new call rather than split a model that fits in one', () => {
    const batches = planBatches(entries([model(0, 1500), model(1, 600), model(2, 1400)]));
    expect(batches.map((b) => b.pieces.map((p) => p.model.name))).toEqual([
      ['model-0'],
      ['model-1', 'model-2'],
    ]);
    expectWithinLimits(batches);
  });

  it('splits only a model over 2,000 versions, one run per call, and records where each run starts', () => {
    const file = entries([model(0, 10), model(1, 4_500), model(2, 10)]);
    const batches = planBatches(file);
    expectWithinLimits(batches);
    expect(batches.map((b) => b.pieces.map((p) => [p.model.name, p.versionOffset]))).toEqual([
      [['model-0', 0]],
      [['model-1', 0]],
      [['model-1', 2_000]],
      [
        ['model-1', 4_000],
        ['model-2', 0],
      ],
    ]);
    expect(sentVersions(batches)).toEqual(
      file.flatMap((f) => f.model.versions.map((v) => `${f.model.name}@${v.version}`)),
    );
  });

  it('keeps each call under the request size the gateway accepts', () => {
    const file = entries([model(0, 1_500, 3), ...Array.from({ length: 30 }, (_, i) => model(i + 1, 40, 2))]);
    const batches = planBatches(file);
    expectWithinLimits(batches);
    expect(batches[0]!.pieces[0]!.versionOffset).toBe(0);
    expect(batches.length).toBeGreaterThan(2);
    expect(sentVersions(batches)).toHaveLength(1_500 + 30 * 40);
  });
});

describe('pathInFile', () => {
  it('puts the batch offset (and a split model’s version offset) back into the path', () => {
    const file = entries([...Array.from({ length: 250 }, (_, i) => model(i, 1)), model(250, 2_100)]);
    const batches = planBatches(file);
    expect(pathInFile(batches[1]!, 'models.3.versions.0.promotions.1.decidedAt')).toBe(
      '.[203].versions[0].promotions[1].decidedAt',
    );
    const secondRun = batches.find((b) => b.pieces[0]!.versionOffset > 0)!;
    expect(pathInFile(secondRun, 'models.0.versions.5.registeredAt')).toBe(
      '.[250].versions[2005].registeredAt',
    );
    expect(pathInFile(batches[0]!, 'models.7.name')).toBe('.[7].name');
    expect(pathInFile(batches[0]!, 'source')).toBe('source');
    const refused = new CairnError('BAD_USER_INPUT', 'models.3.versions.0.registeredAt: must not be …', {
      problems: [{ path: 'models.3.versions.0.registeredAt', message: 'must not be …' }],
    });
    const mapped = errorInFile(batches[1]!, refused);
    expect(mapped.message).toBe('.[203].versions[0].registeredAt: must not be …');
    expect(mapped.problems).toEqual([{ path: '.[203].versions[0].registeredAt', message: 'must not be …' }]);
  });

  it('names the line of a JSON Lines file', () => {
    const lines = [model(0, 1), model(1, 1)].map((m) => JSON.stringify(m)).join('\n\n');
    const batches = planBatches(parseHistory('history.jsonl', lines));
    expect(pathInFile(batches[0]!, 'models.1.versions.0.promotions.0.liveAt')).toBe(
      'line 3: .versions[0].promotions[0].liveAt',
    );
  });
});

describe('parseHistory', () => {
  it('reports every shape problem with its place in the file, before anything is sent', () => {
    const bad = [
      model(0, 1),
      { ...model(1, 1), owner: 'someone' },
      { ...model(2, 1), registeredAt: '2024-13-01' },
      { ...model(0, 1) },
      { ...model(4, 0) },
    ];
    let caught: { code?: string; problems?: { path: string; message: string }[] } = {};
    try {
      parseHistory('history.json', JSON.stringify(bad));
    } catch (error) {
      caught = error as typeof caught;
    }
    expect(caught.code).toBe('BAD_USER_INPUT');
    expect(caught.problems?.map((p) => p.path)).toEqual([
      '.[1]',
      '.[2].registeredAt',
      '.[3].name',
      '.[4].versions',
    ]);
  });

  it('refuses a file that is not an array, naming JSON Lines as the other format', () => {
    expect(() => parseHistory('history.json', '{"models": []}')).toThrow(/JSON array.*\.jsonl/);
    expect(() => parseHistory('history.ndjson', '{}\n{oops')).toThrow(/line 2 is not valid JSON/);
  });
});
