import { describe, expect, it } from 'vitest';
import { preAuthenticationEncoding } from './dsse';

describe('preAuthenticationEncoding', () => {
  it('matches the DSSE protocol test vector', () => {
    // From secure-systems-lab/dsse protocol.md: PAE("http://example.com/HelloWorld", "hello world").
    expect(
      preAuthenticationEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString(),
    ).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  it('counts bytes, not characters', () => {
    const payload = Buffer.from('{"name":"é"}', 'utf8');
    const pae = preAuthenticationEncoding('application/vnd.in-toto+json', payload);
    expect(pae.toString('utf8')).toBe(`DSSEv1 28 application/vnd.in-toto+json 13 {"name":"é"}`);
    expect(preAuthenticationEncoding('t', Buffer.alloc(0)).toString()).toBe('DSSEv1 1 t 0 ');
  });
});
