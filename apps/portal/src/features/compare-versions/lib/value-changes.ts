import type { ChangeKind } from '../graphql/compare-versions';

/** How each value stands against the first, for rows the API sends without changes. */
export function valueChanges(values: readonly unknown[]): ChangeKind[] {
  const key = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const baseline = key(values[0]);
  return values.map((value) => {
    const k = key(value);
    if (k === baseline) return 'SAME';
    if (baseline === null) return 'ADDED';
    return k === null ? 'REMOVED' : 'CHANGED';
  });
}
