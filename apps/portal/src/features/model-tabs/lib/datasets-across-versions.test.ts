import { describe, expect, it } from 'vitest';
import type { LineageDataset, VersionLineage } from '../graphql/model-lineage';
import { datasetsAcrossVersions } from './datasets-across-versions';

const dataset = (name: string, uri: string, checksum: string): LineageDataset => ({
  id: `${uri}@${checksum}`,
  name,
  uri,
  checksum,
});

const version = (n: number, datasets: LineageDataset[]): VersionLineage => ({
  id: `v${n}`,
  version: n,
  lineage: {
    datasets: { totalCount: datasets.length, edges: datasets.map((node) => ({ node })) },
    runs: { totalCount: 0, edges: [] },
  },
});

describe('datasetsAcrossVersions', () => {
  it('groups snapshots of one location, newest version first, locations by name', () => {
    const tx1 = dataset('transactions', 's3://lake/tx/', 'sha256:aa');
    const tx2 = dataset('transactions', 's3://lake/tx/', 'sha256:bb');
    const cb = dataset('chargebacks', 's3://lake/cb/', 'sha256:cc');
    const grouped = datasetsAcrossVersions([version(1, [tx1]), version(2, [tx2, cb])]);
    expect(grouped.map((g) => g.name)).toEqual(['chargebacks', 'transactions']);
    expect(grouped[1]!.readBy).toEqual([
      { version: 2, dataset: tx2 },
      { version: 1, dataset: tx1 },
    ]);
  });

  it('is empty when no run recorded data', () => {
    expect(datasetsAcrossVersions([version(1, [])])).toEqual([]);
  });
});
