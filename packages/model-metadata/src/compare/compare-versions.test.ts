import { InvalidInputError } from '@cairn/errors';
import { describe, expect, it } from 'vitest';
import { parseProvenance } from '../provenance';
import { type ComparableVersion, compareVersions } from './compare-versions';

const hex = (c: string) => c.repeat(64);
const pkg = (name: string, version: string) => ({ name, version, ecosystem: 'pypi' });

const v1: ComparableVersion = {
  label: 'v1',
  hyperparameters: { lr: 0.01, optimizer: { name: 'adam', beta1: 0.9 }, layers: [64, 32] },
  metrics: [
    { name: 'auc', value: 0.9, dataset: 'holdout' },
    { name: 'auc', value: 0.91, dataset: 'holdout' },
    { name: 'f1', value: 0.8, dataset: null },
    { name: 'latency_ms', value: 12 },
  ],
  provenance: parseProvenance({
    code: { repositoryUrl: 'https://github.com/acme/fraud.git', commit: 'a'.repeat(40) },
    dependencies: { packages: [pkg('numpy', '1.26.4'), pkg('torch', '2.2.0'), pkg('pandas', '2.1.0')] },
    datasets: [
      { uri: 's3://d/train', sha256: hex('1') },
      { uri: 's3://d/test', sha256: hex('2') },
    ],
    seed: 1,
    environment: { runtimes: { python: '3.11.9' } },
  }),
  files: [
    { path: 'model.bin', sha256: hex('a'), size: 10 },
    { path: 'config.json', sha256: hex('b'), size: 1 },
    { path: 'old.txt', sha256: hex('c'), size: 1 },
  ],
  card: { intendedUse: 'Fraud', owners: [{ name: 'Ana' }, { name: 'Bo' }] },
};

const v2: ComparableVersion = {
  label: 'v2',
  hyperparameters: { lr: 0.005, optimizer: { name: 'adam', beta1: 0.9 }, layers: [64, 32], dropout: 0.1 },
  metrics: [
    { name: 'auc', value: 0.93, dataset: 'holdout' },
    { name: 'f1', value: 0.8 },
  ],
  provenance: parseProvenance({
    code: { repositoryUrl: 'https://github.com/acme/fraud.git', commit: 'b'.repeat(40) },
    dependencies: { packages: [pkg('numpy', '1.26.4'), pkg('torch', '2.3.1'), pkg('scikit-learn', '1.5.0')] },
    datasets: [
      { uri: 's3://d/test', sha256: hex('2') },
      { uri: 's3://d/train', sha256: hex('1') },
    ],
    seed: 1,
    environment: { runtimes: { python: '3.11.9' } },
  }),
  files: [
    { path: 'config.json', sha256: hex('b'), size: 1 },
    { path: 'model.bin', sha256: hex('d'), size: 11 },
    { path: 'new.txt', sha256: hex('e'), size: 1 },
  ],
  card: { intendedUse: 'Fraud scoring', owners: [{ name: 'Bo' }, { name: 'Ana' }] },
};

describe('compareVersions', () => {
  const diff = compareVersions([v1, v2]);

  it('keeps only the differences by default, in a fixed order', () => {
    expect(diff.versions).toEqual(['v1', 'v2']);
    expect(diff.hyperparameters).toEqual([
      { key: 'dropout', values: [null, 0.1], same: false },
      { key: 'lr', values: [0.01, 0.005], same: false },
    ]);
    expect(diff.provenance).toEqual([
      { key: 'code.commit', values: ['a'.repeat(40), 'b'.repeat(40)], same: false },
    ]);
    expect(diff.card).toEqual([{ key: 'intendedUse', values: ['Fraud', 'Fraud scoring'], same: false }]);
  });

  it('gives metric deltas against the baseline; the last value logged wins', () => {
    const auc = diff.metrics.find((m) => m.name === 'auc');
    expect(auc?.values).toEqual([0.91, 0.93]);
    expect(auc?.deltas[0]).toBe(0);
    expect(auc?.deltas[1]).toBeCloseTo(0.02, 10);
    expect(diff.metrics.map((m) => [m.name, m.dataset])).toEqual([
      ['auc', 'holdout'],
      ['latency_ms', null],
    ]);
    expect(diff.metrics[1]).toMatchObject({ values: [12, null], deltas: [0, null] });
  });

  it('lists dependencies added, removed and changed', () => {
    expect(diff.dependencies.map((d) => [d.name, d.versions, d.changes])).toEqual([
      ['pandas', ['2.1.0', null], ['same', 'removed']],
      ['scikit-learn', [null, '1.5.0'], ['same', 'added']],
      ['torch', ['2.2.0', '2.3.1'], ['same', 'changed']],
    ]);
    expect(diff.dependencyChanges).toEqual([
      {
        label: 'v2',
        added: [{ ecosystem: 'pypi', name: 'scikit-learn', version: '1.5.0' }],
        removed: [{ ecosystem: 'pypi', name: 'pandas', version: '2.1.0' }],
        changed: [{ ecosystem: 'pypi', name: 'torch', from: '2.2.0', to: '2.3.1' }],
      },
    ]);
  });

  it('compares artifacts by path and digest', () => {
    expect(diff.artifacts).toEqual([
      { path: 'model.bin', digests: [hex('a'), hex('d')], sizes: [10, 11], changes: ['same', 'changed'] },
      { path: 'new.txt', digests: [null, hex('e')], sizes: [null, 1], changes: ['same', 'added'] },
      { path: 'old.txt', digests: [hex('c'), null], sizes: [1, null], changes: ['same', 'removed'] },
    ]);
  });

  it('shows every row, equal ones included, when asked', () => {
    const all = compareVersions([v1, v2], { onlyDifferences: false });
    expect(all.hyperparameters.map((r) => [r.key, r.same])).toEqual([
      ['dropout', false],
      ['layers', true],
      ['lr', false],
      ['optimizer.beta1', true],
      ['optimizer.name', true],
    ]);
    expect(all.artifacts.map((a) => a.path)).toEqual(['config.json', 'model.bin', 'new.txt', 'old.txt']);
    expect(all.card.find((r) => r.key === 'owners')?.same).toBe(true);
    expect(all.provenance.map((r) => r.key)).toEqual([
      'code.commit',
      'code.repositoryUrl',
      'datasets.s3://d/test',
      'datasets.s3://d/train',
      'environment.runtimes.python',
      'seed',
    ]);
  });

  it('compares more than two versions against the first', () => {
    const v3: ComparableVersion = {
      ...v2,
      label: 'v3',
      hyperparameters: { ...v2.hyperparameters, lr: 0.01 },
    };
    const three = compareVersions([v1, v2, v3]);
    expect(three.hyperparameters.find((r) => r.key === 'lr')?.values).toEqual([0.01, 0.005, 0.01]);
    expect(three.dependencyChanges.map((c) => c.label)).toEqual(['v2', 'v3']);
    expect(three.dependencies.find((d) => d.name === 'torch')?.changes).toEqual([
      'same',
      'changed',
      'changed',
    ]);
  });

  it('falls back to the hyperparameters in provenance', () => {
    const a = { label: 'a', provenance: parseProvenance({ hyperparameters: { lr: 1 } }) };
    const b = { label: 'b', hyperparameters: { lr: 2 } };
    expect(compareVersions([a, b]).hyperparameters).toEqual([{ key: 'lr', values: [1, 2], same: false }]);
  });

  it.each([
    ['one version', [v1]],
    ['eleven versions', Array.from({ length: 11 }, (_, i) => ({ label: `v${i}` }))],
    ['a repeated version', [v1, v1]],
  ])('refuses %s', (_, versions) => {
    expect(() => compareVersions(versions)).toThrow(InvalidInputError);
  });

  it('accepts ten versions with nothing in them', () => {
    const empty = compareVersions(Array.from({ length: 10 }, (_, i) => ({ label: `v${i}` })));
    expect(empty).toMatchObject({
      hyperparameters: [],
      metrics: [],
      provenance: [],
      dependencies: [],
      artifacts: [],
      card: [],
    });
  });
});
