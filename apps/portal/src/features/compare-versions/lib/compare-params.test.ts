import { describe, expect, it } from 'vitest';
import { comparePath, parseCompareParams } from './compare-params';

describe('parseCompareParams', () => {
  it('keeps the URL order, drops repeats and implausible ids', () => {
    expect(parseCompareParams({ v: ['B-2', 'a-1', 'b-2', '../x', ''] })).toEqual({
      versionIds: ['b-2', 'a-1'],
      onlyDifferences: true,
    });
  });

  it('reads one id, none, and `all=1`', () => {
    expect(parseCompareParams({ v: 'a' }).versionIds).toEqual(['a']);
    expect(parseCompareParams({}).versionIds).toEqual([]);
    expect(parseCompareParams({ all: '1' }).onlyDifferences).toBe(false);
  });
});

describe('comparePath', () => {
  it('puts the ids in the URL, baseline first', () => {
    expect(comparePath('m', ['a', 'b'])).toBe('/models/m/compare?v=a&v=b');
    expect(comparePath('m', ['a', 'b'], true)).toBe('/models/m/compare?v=a&v=b&all=1');
    expect(comparePath('m', [])).toBe('/models/m/compare');
  });
});
