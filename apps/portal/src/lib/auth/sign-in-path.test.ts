import { describe, expect, it } from 'vitest';
import { safeCallbackPath, signInPath } from './sign-in-path';

describe('safeCallbackPath', () => {
  it('keeps same-origin paths with their query', () => {
    expect(safeCallbackPath('/models/abc?tab=versions')).toBe('/models/abc?tab=versions');
  });

  it('refuses other origins and protocol-relative URLs', () => {
    expect(safeCallbackPath('https://evil.example/')).toBe('/');
    expect(safeCallbackPath('//evil.example/')).toBe('/');
    expect(safeCallbackPath('/\\evil.example/')).toBe('/');
    expect(safeCallbackPath(undefined)).toBe('/');
  });

  it('accepts an absolute URL only on the portal origin', () => {
    expect(safeCallbackPath('http://localhost:3000/models/a?x=1', 'http://localhost:3000')).toBe(
      '/models/a?x=1',
    );
    expect(safeCallbackPath('http://evil.example/models/a', 'http://localhost:3000')).toBe('/');
    expect(safeCallbackPath('http://localhost:3000/models/a')).toBe('/');
  });

  it('never returns to the sign-in page itself or to an API route', () => {
    expect(safeCallbackPath('/signin?callbackUrl=/')).toBe('/');
    expect(safeCallbackPath('/api/graphql')).toBe('/');
  });
});

describe('signInPath', () => {
  it('encodes the callback and an optional error', () => {
    expect(signInPath('/?q=fraud&team=a')).toBe('/signin?callbackUrl=%2F%3Fq%3Dfraud%26team%3Da');
    expect(signInPath('/', 'SessionExpired')).toBe('/signin?callbackUrl=%2F&error=SessionExpired');
  });
});
