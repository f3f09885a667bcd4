import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEV_IDENTITY_PRIVATE_KEY, gatewaySchema } from '@cairn/config';
import { InternalTokenSigner } from '@cairn/identity';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcAuthenticator } from '../src/authentication';
import { CallerResolver } from '../src/caller-resolution';
import { GovernanceClient } from '../src/governance-client';
import { IdentityForwarder } from '../src/identity-forwarding';

/**
 * The gateway's side of caller resolution, against a stand-in governance on loopback that counts
 * the questions it gets: the cache, and what happens when governance fails.
 */
let idp: Server;
let governance: Server;
let issuer: string;
let governanceUrl: string;
let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let asked = 0;
let failing = false;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k', alg: 'RS256', use: 'sig' };
  idp = createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
  issuer = await listen(idp);
  governance = createServer((_req, res) => {
    asked += 1;
    res.setHeader('content-type', 'application/json');
    if (failing) {
      res.statusCode = 500;
      res.end('{}');
      return;
    }
    const memberships = [{ team: 'recommendations', role: 'maintainer', approver: false }];
    const resolveApiToken = {
      kind: 'user',
      subject: 'token-owner',
      email: null,
      name: null,
      orgRoles: [],
      memberships,
      scopes: ['read'],
      tokenId: 'tok-1',
    };
    res.end(JSON.stringify({ data: { resolveCaller: { memberships }, resolveApiToken } }));
  });
  governanceUrl = `${await listen(governance)}/graphql`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => idp.close(() => resolve()));
  await new Promise<void>((resolve) => governance.close(() => resolve()));
});

function resolver(ttlMs: number) {
  const config = gatewaySchema.parse({
    NODE_ENV: 'test',
    OIDC_ISSUER: issuer,
    OIDC_JWKS_URI: `${issuer}/jwks`,
    GOVERNANCE_URL: governanceUrl,
    CALLER_CACHE_TTL_MS: String(ttlMs),
  });
  const identities = new IdentityForwarder(new InternalTokenSigner(DEV_IDENTITY_PRIVATE_KEY, 60), 60);
  return new CallerResolver(
    config,
    new OidcAuthenticator(config),
    new GovernanceClient(config, identities),
    pino({ level: 'silent' }),
  );
}

async function bearer(groups: string[]) {
  const jwt = await new SignJWT({ groups })
    .setProtectedHeader({ alg: 'RS256', kid: 'k' })
    .setIssuer(issuer)
    .setAudience('cairn-api')
    .setSubject('someone')
    .setExpirationTime('5m')
    .sign(signingKey);
  return `Bearer ${jwt}`;
}

const details = { requestId: 'test' };

describe('caller resolution at the gateway', () => {
  it('merges the memberships governance manages with the claimed ones, and caches them per claims', async () => {
    asked = 0;
    const callers = resolver(60_000);
    const claims = await bearer(['cairn-fraud-detection-contributors']);
    const first = await callers.authenticate(claims, details);
    expect(first.memberships).toEqual([
      { team: 'fraud-detection', role: 'contributor', approver: false },
      { team: 'recommendations', role: 'maintainer', approver: false },
    ]);
    await callers.authenticate(claims, details);
    expect(asked).toBe(1);
    // Other claimed rights are another question.
    await callers.authenticate(await bearer(['cairn-auditors']), details);
    expect(asked).toBe(2);
  });

  it('asks governance about an API token on every request, whatever the cache TTL, so revocation is immediate', async () => {
    asked = 0;
    const callers = resolver(60_000);
    const apiToken = `Bearer cairn_pat_${'a'.repeat(43)}`;
    for (let i = 0; i < 3; i++) {
      expect(await callers.authenticate(apiToken, details)).toMatchObject({ subject: 'token-owner' });
    }
    expect(asked).toBe(3);
  });

  it('asks on every request with a TTL of 0', async () => {
    asked = 0;
    const callers = resolver(0);
    const claims = await bearer([]);
    await callers.authenticate(claims, details);
    await callers.authenticate(claims, details);
    expect(asked).toBe(2);
  });

  it('stops asking a failing governance for a second, so an outage costs one call a second, not one a request', async () => {
    failing = true;
    try {
      const callers = resolver(0);
      const claims = await bearer(['cairn-fraud-detection-viewers']);
      asked = 0;
      for (let i = 0; i < 5; i++) await callers.authenticate(claims, details);
      expect(asked).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await callers.authenticate(claims, details);
      expect(asked).toBe(2);
    } finally {
      failing = false;
    }
  });

  it('serves an OIDC caller with the claimed rights alone while governance fails, and refuses API tokens', async () => {
    failing = true;
    try {
      const callers = resolver(0);
      const principal = await callers.authenticate(await bearer(['cairn-fraud-detection-viewers']), details);
      expect(principal.memberships).toEqual([{ team: 'fraud-detection', role: 'viewer', approver: false }]);
      await expect(callers.authenticate(`Bearer cairn_pat_${'a'.repeat(43)}`, details)).rejects.toMatchObject(
        {
          name: 'CallerResolutionUnavailableError',
        },
      );
    } finally {
      failing = false;
    }
  });
});
