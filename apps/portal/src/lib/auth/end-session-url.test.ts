import { describe, expect, it } from 'vitest';
import { endSessionUrl } from './end-session-url';

describe('endSessionUrl', () => {
  it('carries the ID token hint, client and return address', () => {
    const url = new URL(
      endSessionUrl({
        endpoint: 'http://localhost:4010/session/end',
        clientId: 'cairn-portal',
        postLogoutRedirectUri: 'http://localhost:3000',
        idToken: 'eyJ.hint.sig',
      }),
    );
    expect(url.origin + url.pathname).toBe('http://localhost:4010/session/end');
    expect(url.searchParams.get('id_token_hint')).toBe('eyJ.hint.sig');
    expect(url.searchParams.get('client_id')).toBe('cairn-portal');
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:3000');
  });

  it('omits the hint when there is no ID token', () => {
    const url = new URL(
      endSessionUrl({ endpoint: 'http://idp/end', clientId: 'c', postLogoutRedirectUri: 'http://p' }),
    );
    expect(url.searchParams.has('id_token_hint')).toBe(false);
  });
});
