import type { LineageDataset, VersionLineage } from '../graphql/model-lineage';

export interface UpstreamDataset {
  uri: string;
  name: string;
  /** Each version that read the data at this URI, newest first, with the snapshot it read. */
  readBy: { version: number; dataset: LineageDataset }[];
}

/**
 * The model's upstream data, one entry per URI: a dataset is recorded per snapshot (its
 * checksum), so the same location read by several versions shows once, with each version's
 * snapshot beside it. Ordered by name, then URI.
 */
export function datasetsAcrossVersions(versions: readonly VersionLineage[]): UpstreamDataset[] {
  const byUri = new Map<string, UpstreamDataset>();
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  for (const version of newestFirst) {
    for (const { node } of version.lineage.datasets.edges) {
      const entry = byUri.get(node.uri) ?? { uri: node.uri, name: node.name, readBy: [] };
      entry.readBy.push({ version: version.version, dataset: node });
      byUri.set(node.uri, entry);
    }
  }
  return [...byUri.values()].sort((a, b) => a.name.localeCompare(b.name) || a.uri.localeCompare(b.uri));
}
