import { InvalidInputError } from '@cairn/errors';
import { compareCodePoints, compareFilePaths } from '../file-paths';
import { CARD_SECTIONS, type ModelCard, type ModelCardOwner } from '../model-card';
import type { Provenance } from '../provenance';
import { type Change, changeAgainst, flatten, type ValueRow, valueRows } from './rows';

export interface ComparableVersion {
  /** How the version is shown, e.g. `fraud/scorer v3`; unique within one comparison. */
  label: string;
  /** Falls back to `provenance.hyperparameters`. */
  hyperparameters?: Record<string, unknown> | null;
  /** When a metric was logged more than once for a dataset, the last one given wins. */
  metrics?: ReadonlyArray<{ name: string; value: number; dataset?: string | null }>;
  provenance?: Provenance | null;
  files?: ReadonlyArray<{ path: string; sha256: string; size: number }>;
  card?: ModelCard | null;
}

export interface MetricRow {
  name: string;
  dataset: string | null;
  values: (number | null)[];
  /** `value - baseline value`; null where either is missing, 0 for the baseline itself. */
  deltas: (number | null)[];
}

export interface DependencyRow {
  ecosystem: string | null;
  name: string;
  /** Versions joined with `, ` when a lock file installs several of one package. */
  versions: (string | null)[];
  changes: Change[];
}

export interface DependencyChanges {
  label: string;
  added: { ecosystem: string | null; name: string; version: string }[];
  removed: { ecosystem: string | null; name: string; version: string }[];
  changed: { ecosystem: string | null; name: string; from: string; to: string }[];
}

export interface ArtifactRow {
  path: string;
  digests: (string | null)[];
  sizes: (number | null)[];
  changes: Change[];
}

export interface VersionComparison {
  /** The labels, baseline first; every array below is indexed the same way. */
  versions: string[];
  hyperparameters: ValueRow[];
  metrics: MetricRow[];
  /** Provenance other than hyperparameters and packages, which have their own sections. */
  provenance: ValueRow[];
  dependencies: DependencyRow[];
  /** For each version after the baseline, its packages against the baseline's. */
  dependencyChanges: DependencyChanges[];
  artifacts: ArtifactRow[];
  card: ValueRow[];
}

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 10;

/**
 * Lines up 2–10 versions against the first (the baseline). With `onlyDifferences` (the default),
 * rows where every version agrees are left out. Rows come in a fixed order: keys, names and paths
 * by code point (paths segment by segment, as in the manifest).
 */
export function compareVersions(
  versions: readonly ComparableVersion[],
  { onlyDifferences = true }: { onlyDifferences?: boolean } = {},
): VersionComparison {
  if (versions.length < MIN_COMPARED || versions.length > MAX_COMPARED) {
    throw InvalidInputError.field('versions', `must list ${MIN_COMPARED} to ${MAX_COMPARED} versions`);
  }
  const labels = versions.map((v) => v.label);
  if (new Set(labels).size !== labels.length)
    throw InvalidInputError.field('versions', 'must not repeat a version');

  const dependencies = dependencyRows(versions, onlyDifferences);
  return {
    versions: labels,
    hyperparameters: valueRows(
      versions.map((v) => flatten(v.hyperparameters ?? v.provenance?.hyperparameters ?? {})),
      onlyDifferences,
    ),
    metrics: metricRows(versions, onlyDifferences),
    provenance: valueRows(versions.map(provenanceFields), onlyDifferences),
    dependencies,
    dependencyChanges: dependencyChanges(labels, dependencies),
    artifacts: artifactRows(versions, onlyDifferences),
    card: valueRows(versions.map(cardFields), onlyDifferences),
  };
}

function metricRows(versions: readonly ComparableVersion[], onlyDifferences: boolean): MetricRow[] {
  const rows = new Map<string, MetricRow>();
  versions.forEach((version, index) => {
    for (const metric of version.metrics ?? []) {
      const dataset = metric.dataset ?? null;
      const key = JSON.stringify([metric.name, dataset]);
      const row = rows.get(key) ?? {
        name: metric.name,
        dataset,
        values: versions.map(() => null),
        deltas: [],
      };
      row.values[index] = metric.value;
      rows.set(key, row);
    }
  });
  return [...rows.values()]
    .map((row) => {
      const baseline = row.values[0] ?? null;
      row.deltas = row.values.map((v) => (v === null || baseline === null ? null : v - baseline));
      return row;
    })
    .filter((row) => !onlyDifferences || row.values.some((v) => v !== row.values[0]))
    .sort((a, b) => compareCodePoints(a.name, b.name) || compareNullable(a.dataset, b.dataset));
}

function provenanceFields(version: ComparableVersion): Map<string, unknown> {
  const { hyperparameters: _h, dependencies, ...rest } = version.provenance ?? {};
  const { packages: _p, ...dependencyFields } = dependencies ?? {};
  const hasDependencyFields = Object.keys(dependencyFields).length > 0;
  const fields = flatten(hasDependencyFields ? { ...rest, dependencies: dependencyFields } : rest);
  // Datasets are a list; key them by what identifies them so a reordering is no difference.
  fields.delete('datasets');
  for (const dataset of version.provenance?.datasets ?? []) {
    fields.set(`datasets.${dataset.uri ?? dataset.name}`, dataset.sha256);
  }
  return fields;
}

function cardFields(version: ComparableVersion): Map<string, unknown> {
  const card = version.card ?? {};
  const fields = new Map<string, unknown>();
  for (const [key] of CARD_SECTIONS) if (card[key] !== undefined) fields.set(key, card[key]);
  if (card.owners !== undefined) {
    // Owners listed in another order are the same owners.
    const key = (o: ModelCardOwner) => [o.name, o.email ?? '', o.team ?? ''].join('\u0000');
    fields.set(
      'owners',
      [...card.owners].sort((a, b) => compareCodePoints(key(a), key(b))),
    );
  }
  return fields;
}

function dependencyRows(versions: readonly ComparableVersion[], onlyDifferences: boolean): DependencyRow[] {
  const rows = new Map<string, { ecosystem: string | null; name: string; sets: Set<string>[] }>();
  versions.forEach((version, index) => {
    for (const pkg of version.provenance?.dependencies?.packages ?? []) {
      const ecosystem = pkg.ecosystem ?? null;
      const key = JSON.stringify([ecosystem, pkg.name]);
      const row = rows.get(key) ?? { ecosystem, name: pkg.name, sets: versions.map(() => new Set<string>()) };
      row.sets[index]?.add(pkg.version);
      rows.set(key, row);
    }
  });
  return [...rows.values()]
    .map(({ ecosystem, name, sets }) => {
      const joined = sets.map((s) => (s.size === 0 ? null : [...s].sort(compareCodePoints).join(', ')));
      return { ecosystem, name, versions: joined, changes: joined.map((v) => changeAgainst(joined[0], v)) };
    })
    .filter((row) => !onlyDifferences || !allSame(row.versions))
    .sort((a, b) => compareCodePoints(a.name, b.name) || compareNullable(a.ecosystem, b.ecosystem));
}

function dependencyChanges(labels: string[], rows: DependencyRow[]): DependencyChanges[] {
  return labels.slice(1).map((label, offset) => {
    const index = offset + 1;
    const changes: DependencyChanges = { label, added: [], removed: [], changed: [] };
    for (const row of rows) {
      const from = row.versions[0] ?? null;
      const to = row.versions[index] ?? null;
      const ref = { ecosystem: row.ecosystem, name: row.name };
      if (row.changes[index] === 'added' && to !== null) changes.added.push({ ...ref, version: to });
      if (row.changes[index] === 'removed' && from !== null) changes.removed.push({ ...ref, version: from });
      if (row.changes[index] === 'changed' && from !== null && to !== null)
        changes.changed.push({ ...ref, from, to });
    }
    return changes;
  });
}

function artifactRows(versions: readonly ComparableVersion[], onlyDifferences: boolean): ArtifactRow[] {
  const paths = new Set(versions.flatMap((v) => (v.files ?? []).map((f) => f.path)));
  const byVersion = versions.map((v) => new Map((v.files ?? []).map((f) => [f.path, f])));
  return [...paths]
    .sort(compareFilePaths)
    .map((path) => {
      const files = byVersion.map((m) => m.get(path) ?? null);
      const digests = files.map((f) => f?.sha256 ?? null);
      return {
        path,
        digests,
        sizes: files.map((f) => f?.size ?? null),
        changes: digests.map((d) => changeAgainst(digests[0], d)),
      };
    })
    .filter((row) => !onlyDifferences || !allSame(row.digests));
}

function allSame(values: readonly (string | null)[]): boolean {
  return values.every((v) => v === values[0]);
}

function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compareCodePoints(a, b);
}
