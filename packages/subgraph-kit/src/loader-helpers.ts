import { isUuid } from '@cairn/database';

/**
 * Shared by every subgraph's DataLoaders. Postgres prints uuids in lower case while callers may
 * send any case, so keys are normalised once, here, on both sides of every lookup.
 */
export const keyOf = (id: string): string => id.toLowerCase();

/** The distinct, normalised ids worth querying: anything that is not a uuid names no row. */
export function validIds(ids: readonly string[]): string[] {
  return [...new Set(ids.filter(isUuid).map(keyOf))];
}

/** One row (or null) per key, in the keys' order, as DataLoader expects. */
export function byKey<T>(
  keys: readonly string[],
  rows: readonly T[],
  keyOfRow: (row: T) => string,
): (T | null)[] {
  const index = new Map(rows.map((row) => [keyOf(keyOfRow(row)), row]));
  return keys.map((key) => index.get(keyOf(key)) ?? null);
}

/** Rows per uuid key, in the keys' order and each group in the rows' order. */
export function groupBy<T>(keys: readonly string[], rows: readonly T[], keyOfRow: (row: T) => string): T[][] {
  return groupByKey(keys, rows, keyOf, (row) => keyOf(keyOfRow(row)));
}

/** `groupBy` for composite keys: `keyOfKey` and `keyOfRow` must map a key and its rows to one string. */
export function groupByKey<K, T>(
  keys: readonly K[],
  rows: readonly T[],
  keyOfKey: (key: K) => string,
  keyOfRow: (row: T) => string,
): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOfRow(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(keyOfKey(key)) ?? []);
}
