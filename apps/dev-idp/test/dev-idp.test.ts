import { createHash, randomBytes } from 'node:crypto';
import { devIdpSchema, loadConfig } from '@cairn/config';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  DEV_TOOL_CLIENT,
  PORTAL_CALLBACK_PATH,
  PORTAL_CLIENT,
  type RunningDevIdp,
  startDevIdp,
} from '../src';

const config = loadConfig(devIdpSchema, { NODE_ENV: 'test', DEV_IDP_PORT: '0', LOG_LEVEL: 'silent' });
const redirectUri = `${config.PORTAL_URL}${PORTAL_CALLBACK_PATH}`;

let idp: RunningDevIdp;
let discovery: { token_endpoint: string; authorization_endpoint: string; jwks_uri: string };

beforeAll(async () => {
  idp = await startDevIdp(config);
  const res = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
  discovery = (await res.json()) as typeof discovery;
});

afterAll(async () => {
  await idp.close();
});

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function verifyAccessToken(token: string): Promise<JWTPayload> {
  expect(decodeProtectedHeader(token).alg).toBe('RS256');
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  const { payload } = await jwtVerify(token, jwks, {
    issuer: idp.issuer,
    audience: 'cairn-api',
    algorithms: ['RS256'],
  });
  return payload;
}

/** Just enough of a browser: remembers cookies by name and sends them all back. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.split(/=(.*)/s, 2).map((s) => s.trim());
      const expired = attributes.some(
        (a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now(),
      );
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

describe('dev IdP', () => {
  it('serves a health check', async () => {
    const res = await fetch(`${idp.issuer}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('issues an RS256 JWT access token for the API to the dev tool (client credentials)', async () => {
    const res = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: {
        authorization: basic(DEV_TOOL_CLIENT.clientId, DEV_TOOL_CLIENT.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; token_type: string };
    expect(body.token_type).toBe('Bearer');
    const claims = await verifyAccessToken(body.access_token);
    expect(claims.client_id).toBe('cairn-dev-tool');
    expect(claims.groups).toEqual([
      'cairn-fraud-detection-contributors',
      'cairn-recommendations-contributors',
      'cairn-search-ranking-contributors',
      'cairn-platform-contributors',
    ]);
  });

  it('refuses a wrong client secret', async () => {
    const res = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: {
        authorization: basic(DEV_TOOL_CLIENT.clientId, 'not-the-secret'),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('signs the portal in with authorization code + PKCE, checking the password', async () => {
    const jar = new CookieJar();
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(16).toString('base64url');
    const auth = new URL(discovery.authorization_endpoint);
    auth.search = new URLSearchParams({
      client_id: PORTAL_CLIENT.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid profile email offline_access',
      prompt: 'consent',
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();

    const get = async (url: string) => {
      const res = await fetch(new URL(url, idp.issuer), {
        redirect: 'manual',
        headers: { cookie: jar.header() },
      });
      jar.store(res);
      return res;
    };
    const postForm = async (url: string, form: Record<string, string>) => {
      const res = await fetch(new URL(url, idp.issuer), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      });
      jar.store(res);
      return res;
    };

    const start = await get(auth.href);
    expect(start.status).toBe(303);
    const interactionUrl = start.headers.get('location') ?? '';
    expect(interactionUrl).toMatch(/^\/interaction\/[\w-]+$/);

    const form = await get(interactionUrl);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('<title>Sign in to Cairn</title>');
    expect(formHtml).toContain('name="email" type="email" autocomplete="username"');

    const wrong = await postForm(`${interactionUrl}/login`, {
      email: 'approver@demo.cairn',
      password: 'wrong-password',
    });
    expect(wrong.status).toBe(401);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('role="alert"');
    expect(wrongHtml).toContain('name="password"');

    const hostile = await postForm(`${interactionUrl}/login`, {
      email: '"><script>alert(1)</script>',
      password: 'x',
    });
    expect(hostile.status).toBe(401);
    const hostileHtml = await hostile.text();
    expect(hostileHtml).toContain('&quot;&gt;&lt;script&gt;');
    expect(hostileHtml).not.toContain('<script>');

    let res = await postForm(`${interactionUrl}/login`, {
      email: 'approver@demo.cairn',
      password: DEMO_PASSWORD,
    });
    let location = '';
    for (let hops = 0; hops < 10; hops++) {
      expect([302, 303]).toContain(res.status);
      location = new URL(res.headers.get('location') ?? '', idp.issuer).href;
      if (location.startsWith(redirectUri)) break;
      res = await get(location);
    }
    const callback = new URL(location);
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    expect(callback.searchParams.get('state')).toBe(state);
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();

    const tokenRes = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: {
        authorization: basic(PORTAL_CLIENT.clientId, PORTAL_CLIENT.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code ?? '',
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    });
    expect(tokenRes.status).toBe(200);
    const tokens = (await tokenRes.json()) as {
      access_token: string;
      id_token?: string;
      refresh_token?: string;
    };
    expect(tokens.refresh_token).toBeTruthy();
    expect(decodeJwt(tokens.id_token ?? '')).toMatchObject({
      iss: idp.issuer,
      aud: PORTAL_CLIENT.clientId,
      sub: 'user-approver',
      email: 'approver@demo.cairn',
      groups: ['cairn-fraud-detection-approvers', 'cairn-recommendations-approvers'],
    });
    const claims = await verifyAccessToken(tokens.access_token);
    expect(claims.sub).toBe('user-approver');
    expect(claims.email).toBe('approver@demo.cairn');
    expect(claims.groups).toEqual(['cairn-fraud-detection-approvers', 'cairn-recommendations-approvers']);
  });

  it('requires PKCE from the portal', async () => {
    const auth = new URL(discovery.authorization_endpoint);
    auth.search = new URLSearchParams({
      client_id: PORTAL_CLIENT.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid',
      state: 'no-pkce',
    }).toString();
    const res = await fetch(auth, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const callback = new URL(res.headers.get('location') ?? '');
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('code')).toBeNull();
  });
});
