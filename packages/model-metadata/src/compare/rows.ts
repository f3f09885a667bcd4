import canonicalize from 'canonicalize';
import { compareCodePoints } from '../file-paths';

/** One field across the compared versions; `null` where a version lacks it. */
export interface ValueRow {
  key: string;
  values: unknown[];
  /** Whether every version holds the same value (absent counts as a value). */
  same: boolean;
}

export type Change = 'same' | 'changed' | 'added' | 'removed';

/**
 * Nested objects become dotted key paths (`optimizer.lr`); arrays stay whole, because an index
 * path (`layers.3`) reads worse than the list. A key containing a dot is left as it is.
 */
export function flatten(
  value: unknown,
  prefix = '',
  into = new Map<string, unknown>(),
): Map<string, unknown> {
  if (isPlainObject(value) && (Object.keys(value).length > 0 || prefix === '')) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix !== '') {
    into.set(prefix, value);
  }
  return into;
}

export function valueRows(flattened: readonly Map<string, unknown>[], onlyDifferences: boolean): ValueRow[] {
  const keys = new Set(flattened.flatMap((m) => [...m.keys()]));
  return [...keys]
    .sort(compareCodePoints)
    .map((key) => {
      const values = flattened.map((m) => (m.has(key) ? (m.get(key) ?? null) : null));
      return { key, values, same: allEqual(values) };
    })
    .filter((row) => !onlyDifferences || !row.same);
}

export function allEqual(values: readonly unknown[]): boolean {
  const first = fingerprint(values[0]);
  return values.every((v) => fingerprint(v) === first);
}

/** How a version's value stands against the baseline's (index 0). */
export function changeAgainst(baseline: unknown, value: unknown): Change {
  if (baseline === null || baseline === undefined)
    return value === null || value === undefined ? 'same' : 'added';
  if (value === null || value === undefined) return 'removed';
  return fingerprint(baseline) === fingerprint(value) ? 'same' : 'changed';
}

function fingerprint(value: unknown): string {
  return value === undefined ? 'null' : (canonicalize(value) ?? 'null');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
