import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './same-origin';
import { servedOverHttps } from './security-headers';

describe('the portal API’s origin check', () => {
  it('accepts the portal’s own origin, whatever its path or trailing slash', () => {
    expect(isSameOrigin('http://localhost:3000', 'http://localhost:3000/')).toBe(true);
    expect(isSameOrigin('https://cairn.example', 'https://cairn.example/base')).toBe(true);
  });

  it('refuses other sites, other ports, other schemes, a missing and a malformed origin', () => {
    expect(isSameOrigin('https://evil.example', 'https://cairn.example')).toBe(false);
    expect(isSameOrigin('http://localhost:3001', 'http://localhost:3000')).toBe(false);
    expect(isSameOrigin('http://cairn.example', 'https://cairn.example')).toBe(false);
    expect(isSameOrigin(null, 'http://localhost:3000')).toBe(false);
    expect(isSameOrigin('null', 'http://localhost:3000')).toBe(false);
  });
});

describe('HSTS', () => {
  it('is sent only over HTTPS, directly or behind a proxy that says so', () => {
    expect(servedOverHttps(new URL('https://cairn.example/'), null)).toBe(true);
    expect(servedOverHttps(new URL('http://10.0.0.5/'), 'https')).toBe(true);
    expect(servedOverHttps(new URL('http://localhost:3000/'), null)).toBe(false);
    expect(servedOverHttps(new URL('http://localhost:3000/'), 'http')).toBe(false);
  });
});
