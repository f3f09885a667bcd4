import { InvalidInputError } from '@cairn/errors';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cursorCodec, cursorParts, pageArgs, toConnection } from './connection';

const codec = cursorCodec('thing', z.tuple([cursorParts.text, cursorParts.int]));

describe('cursorCodec', () => {
  it('round-trips a key as an opaque base64url string', () => {
    const cursor = codec.encode(['b', 2]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode(cursor)).toEqual(['b', 2]);
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['not JSON', Buffer.from('{').toString('base64url')],
    [
      'another list’s cursor',
      cursorCodec('other', z.tuple([cursorParts.text, cursorParts.int])).encode(['b', 2]),
    ],
    ['a key of the wrong shape', Buffer.from('["thing",[2,"b"]]').toString('base64url')],
    ['a huge string', 'a'.repeat(5000)],
  ])('refuses %s as invalid input on `after`', (_, cursor) => {
    expect(() => codec.decode(cursor)).toThrow(InvalidInputError);
    try {
      codec.decode(cursor);
    } catch (error) {
      expect((error as InvalidInputError).problems).toEqual([expect.objectContaining({ path: 'after' })]);
    }
  });
});

describe('pageArgs', () => {
  it('defaults `first` to 20 and leaves `after` empty', () => {
    expect(pageArgs({}, codec)).toEqual({ first: 20, after: null });
  });

  it.each([0, 101, -1, 1.5])('refuses first = %s', (first) => {
    expect(() => pageArgs({ first }, codec)).toThrow(InvalidInputError);
  });

  it('accepts 1 and 100', () => {
    expect(pageArgs({ first: 1 }, codec).first).toBe(1);
    expect(pageArgs({ first: 100, after: codec.encode(['a', 1]) }, codec)).toEqual({
      first: 100,
      after: ['a', 1],
    });
  });
});

describe('toConnection', () => {
  it('keeps `first` rows and tells from the extra one that another page follows', () => {
    const page = toConnection([1, 2, 3], 2, 9, String);
    expect(page).toEqual({
      edges: [
        { cursor: '1', node: 1 },
        { cursor: '2', node: 2 },
      ],
      pageInfo: { hasNextPage: true, endCursor: '2' },
      totalCount: 9,
    });
  });

  it('answers an empty page with no end cursor', () => {
    expect(toConnection([], 5, 0, String).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
