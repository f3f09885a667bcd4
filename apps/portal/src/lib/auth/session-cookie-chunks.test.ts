import { describe, expect, it } from 'vitest';
import { applyToCookieHeader, COOKIE_CHUNK_SIZE, sessionCookieWrites } from './session-cookie-chunks';

const NAME = 'next-auth.session-token';

describe('sessionCookieWrites', () => {
  it('writes a small value as one cookie and removes old chunks', () => {
    expect(sessionCookieWrites(NAME, 'abc', [`${NAME}.0`, `${NAME}.1`, 'other'])).toEqual([
      { name: NAME, value: 'abc' },
      { name: `${NAME}.0`, value: '' },
      { name: `${NAME}.1`, value: '' },
    ]);
  });

  it('chunks a large value and drops the unchunked cookie', () => {
    const value = 'x'.repeat(COOKIE_CHUNK_SIZE + 10);
    const writes = sessionCookieWrites(NAME, value, [NAME]);
    expect(writes.map((w) => [w.name, w.value.length])).toEqual([
      [`${NAME}.0`, COOKIE_CHUNK_SIZE],
      [`${NAME}.1`, 10],
      [NAME, 0],
    ]);
    expect(
      writes
        .slice(0, 2)
        .map((w) => w.value)
        .join(''),
    ).toBe(value);
  });
});

describe('applyToCookieHeader', () => {
  it('replaces, adds and deletes cookies', () => {
    const header = applyToCookieHeader(
      [
        { name: 'a', value: '1' },
        { name: NAME, value: 'old' },
      ],
      [
        { name: NAME, value: '' },
        { name: `${NAME}.0`, value: 'new' },
      ],
    );
    expect(header).toBe(`a=1; ${NAME}.0=new`);
  });
});
