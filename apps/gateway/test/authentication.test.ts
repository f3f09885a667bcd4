import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewaySchema } from '@cairn/config';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BEARER_EXPIRY_MARGIN_MS, BEARER_REUSE_MAX_MS, OidcAuthenticator } from '../src/authentication';

/** A real JWKS endpoint on loopback, so the authenticator fetches keys the way it does in production. */
let server: Server;
let issuer: string;
let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let authenticator: OidcAuthenticator;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  authenticator = new OidcAuthenticator(
    gatewaySchema.parse({ NODE_ENV: 'test', OIDC_ISSUER: issuer, OIDC_JWKS_URI: `${issuer}/jwks` }),
  );
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function token(claims: { iss?: string; aud?: string; exp?: number | null; alg?: string } = {}) {
  const jwt = new SignJWT({
    groups: ['cairn-platform-admins', 'cairn-fraud-detection-approvers', 'unrelated'],
  })
    .setProtectedHeader({ alg: claims.alg ?? 'RS256', kid: 'test-key' })
    .setIssuer(claims.iss ?? issuer)
    .setAudience(claims.aud ?? 'cairn-api')
    .setSubject('someone')
    .setIssuedAt();
  if (claims.exp !== null) jwt.setExpirationTime(claims.exp ?? '5m');
  return jwt.sign(signingKey);
}

/** `alg: none`: a token with no signature at all. */
function unsigned(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ iss: issuer, aud: 'cairn-api', sub: 'someone', exp: now + 300, groups: ['cairn-platform-admins'] })}.`;
}

describe('OIDC access tokens at the gateway', () => {
  it('accepts a token from the issuer for the audience, and maps its groups to rights', async () => {
    const principal = await authenticator.authenticate(`Bearer ${await token()}`);
    expect(principal).toMatchObject({
      subject: 'someone',
      orgRoles: ['platform-admin'],
      memberships: [{ team: 'fraud-detection', role: 'viewer', approver: true }],
    });
  });

  it.each([
    ['the wrong issuer', () => token({ iss: 'https://elsewhere.example' })],
    ['the wrong audience', () => token({ aud: 'another-api' })],
    ['no expiry', () => token({ exp: null })],
    ['an expiry in the past', () => token({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ['alg: none', async () => unsigned()],
    ['no bearer at all', async () => ''],
  ])('refuses a token with %s', async (_name, make) => {
    const credential = await make();
    await expect(
      authenticator.authenticate(credential ? `Bearer ${credential}` : undefined),
    ).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('remembered verifications', () => {
  /** A token with its own subject, signed now, expiring `expiresInSeconds` from now. */
  function tokenFor(subject: string, expiresInSeconds: number) {
    return new SignJWT({ groups: [`cairn-${subject}-team-maintainers`] })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(issuer)
      .setAudience('cairn-api')
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(signingKey);
  }

  function withClock() {
    let offset = 0;
    const config = gatewaySchema.parse({
      NODE_ENV: 'test',
      OIDC_ISSUER: issuer,
      OIDC_JWKS_URI: `${issuer}/jwks`,
    });
    const cached = new OidcAuthenticator(config, 100, () => Date.now() + offset);
    return { cached, advance: (ms: number) => (offset += ms) };
  }

  it('answers each token with its own caller, never another', async () => {
    const { cached } = withClock();
    const [alice, bob] = [await tokenFor('alice', 300), await tokenFor('bob', 300)];
    for (let round = 0; round < 2; round++) {
      expect((await cached.authenticate(`Bearer ${alice}`)).subject).toBe('alice');
      expect((await cached.authenticate(`Bearer ${bob}`)).subject).toBe('bob');
    }
  });

  it('never lets a token with another signature hit a remembered one', async () => {
    const { cached } = withClock();
    const genuine = await tokenFor('alice', 300);
    await cached.authenticate(`Bearer ${genuine}`);
    const [header, payload, signature] = genuine.split('.');
    const flipped = `${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(cached.authenticate(`Bearer ${header}.${payload}.${flipped}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('stops reusing a verification shortly before the token expires, which then is refused', async () => {
    const { cached, advance } = withClock();
    const shortLived = await tokenFor('alice', 30);
    await cached.authenticate(`Bearer ${shortLived}`);
    // Inside the margin the token is verified again, and jose, on the real clock, still accepts it.
    advance(30_000 - BEARER_EXPIRY_MARGIN_MS + 1);
    await expect(cached.authenticate(`Bearer ${shortLived}`)).resolves.toMatchObject({ subject: 'alice' });
    const expired = await tokenFor('alice', -1);
    await expect(cached.authenticate(`Bearer ${expired}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('verifies a long-lived token again after the reuse bound, so a withdrawn key stops it in time', async () => {
    const { cached, advance } = withClock();
    const verifications = vi.spyOn(
      cached as unknown as { verify: (t: string) => Promise<unknown> },
      'verify',
    );
    const longLived = await tokenFor('alice', 3600);
    await cached.authenticate(`Bearer ${longLived}`);
    await cached.authenticate(`Bearer ${longLived}`);
    expect(verifications).toHaveBeenCalledTimes(1);
    advance(BEARER_REUSE_MAX_MS + 1);
    await cached.authenticate(`Bearer ${longLived}`);
    expect(verifications).toHaveBeenCalledTimes(2);
  });

  it('keeps at most its bound of verifications, dropping the least recently used', async () => {
    const config = gatewaySchema.parse({
      NODE_ENV: 'test',
      OIDC_ISSUER: issuer,
      OIDC_JWKS_URI: `${issuer}/jwks`,
    });
    const small = new OidcAuthenticator(config, 2);
    const verifications = vi.spyOn(small as unknown as { verify: (t: string) => Promise<unknown> }, 'verify');
    const [a, b, c] = [await tokenFor('a', 300), await tokenFor('b', 300), await tokenFor('c', 300)];
    for (const t of [a, b, a, c]) await small.authenticate(`Bearer ${t}`); // b is now the oldest
    expect(verifications).toHaveBeenCalledTimes(3);
    await small.authenticate(`Bearer ${a}`);
    expect(verifications).toHaveBeenCalledTimes(3);
    await small.authenticate(`Bearer ${b}`);
    expect(verifications).toHaveBeenCalledTimes(4);
  });
});
