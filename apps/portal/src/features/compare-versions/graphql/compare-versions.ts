export { COMPARE_VERSIONS_QUERY } from './compare-versions.query';

export type ChangeKind = 'SAME' | 'CHANGED' | 'ADDED' | 'REMOVED';

export interface ValueDifference {
  key: string;
  values: unknown[];
  same: boolean;
}

export interface DependencyDifference {
  ecosystem: string | null;
  name: string;
  versions: (string | null)[];
  changes: ChangeKind[];
}

export interface ArtifactDifference {
  path: string;
  digests: (string | null)[];
  sizes: (number | null)[];
  changes: ChangeKind[];
}

export interface MetricComparison {
  name: string;
  dataset: string | null;
  values: (number | null)[];
  deltas: (number | null)[];
}

/** Every list is indexed like `versions`, the baseline first. */
export interface VersionComparison {
  versionIds: string[];
  onlyDifferences: boolean;
  versions: { id: string; version: number; createdAt: string; model: { id: string } }[];
  hyperparameters: ValueDifference[];
  provenance: ValueDifference[];
  card: ValueDifference[];
  dependencies: DependencyDifference[];
  artifacts: ArtifactDifference[];
  metrics: MetricComparison[];
}

export interface CompareVersionsData {
  compareModelVersions: VersionComparison;
}
