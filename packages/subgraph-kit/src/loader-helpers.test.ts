import { describe, expect, it } from 'vitest';
import { byKey, groupBy, groupByKey, keyOf, validIds } from './loader-helpers';

const A = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
const B = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

describe('loader helpers', () => {
  it('normalise uuid keys to lower case', () => {
    expect(keyOf(A.toUpperCase())).toBe(A);
  });

  it('query each valid id once, lower-cased, and never a malformed one', () => {
    expect(validIds([A.toUpperCase(), A, 'nope', '', B])).toEqual([A, B]);
  });

  it('answer one row or null per key, in key order, whatever the case', () => {
    const rows = [{ id: B }, { id: A }];
    expect(byKey([A.toUpperCase(), 'nope', B], rows, (r) => r.id)).toEqual([{ id: A }, null, { id: B }]);
  });

  it('group rows per key in row order, with an empty group for keys without rows', () => {
    const rows = [
      { v: A, n: 1 },
      { v: B, n: 2 },
      { v: A, n: 3 },
    ];
    expect(groupBy([A.toUpperCase(), 'nope', B], rows, (r) => r.v)).toEqual([
      [rows[0], rows[2]],
      [],
      [rows[1]],
    ]);
  });

  it('group by composite keys exactly as the caller normalises them', () => {
    const rows = [
      { v: A, name: 'AUC' },
      { v: A, name: 'auc' },
    ];
    const key = (k: { v: string; name: string }) => JSON.stringify([keyOf(k.v), k.name]);
    expect(groupByKey([{ v: A.toUpperCase(), name: 'auc' }], rows, key, key)).toEqual([[rows[1]]]);
  });
});
