import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewaySchema } from '@cairn/config';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcAuthenticator } from '../src/authentication';

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
