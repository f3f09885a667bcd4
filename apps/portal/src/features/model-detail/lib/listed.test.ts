import { describe, expect, it } from 'vitest';
import { listed } from './listed';

describe('listed', () => {
  it('keeps the nodes in order with the total', () => {
    expect(listed({ totalCount: 7, edges: [{ node: 'a' }, { node: 'b' }] })).toEqual({
      items: ['a', 'b'],
      totalCount: 7,
    });
  });

  it('maps each node', () => {
    expect(listed({ totalCount: 1, edges: [{ node: { n: 2 } }] }, (node) => node.n * 2)).toEqual({
      items: [4],
      totalCount: 1,
    });
  });
});
