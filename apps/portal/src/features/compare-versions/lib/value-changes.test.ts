import { describe, expect, it } from 'vitest';
import { valueChanges } from './value-changes';

describe('valueChanges', () => {
  it('compares every value with the first', () => {
    expect(valueChanges([1, 1, 2, null])).toEqual(['SAME', 'SAME', 'CHANGED', 'REMOVED']);
    expect(valueChanges([null, 'x', null])).toEqual(['SAME', 'ADDED', 'SAME']);
    expect(valueChanges([{ a: 1 }, { a: 1 }])).toEqual(['SAME', 'SAME']);
  });
});
