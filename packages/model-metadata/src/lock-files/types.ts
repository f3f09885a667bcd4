import type { PackageRef } from '../provenance';

export interface SkippedLine {
  line: number;
  text: string;
  reason: string;
}

export interface ParsedLockFile {
  ecosystem: 'pypi' | 'npm';
  /** Distinct name/version pairs, sorted by name then version. */
  packages: Required<PackageRef>[];
  /** Entries that name no exact version (ranges, URLs, editable installs), for the caller to report. */
  skipped: SkippedLine[];
}

export function sortedDistinct(packages: Required<PackageRef>[]): Required<PackageRef>[] {
  const byKey = new Map(packages.map((p) => [`${p.name}\u0000${p.version}`, p]));
  return [...byKey.values()].sort((a, b) =>
    a.name === b.name ? (a.version < b.version ? -1 : 1) : a.name < b.name ? -1 : 1,
  );
}
