import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { UnauthenticatedError } from '@cairn/errors';
import { calculateJwkThumbprint, exportJWK, jwtVerify, SignJWT } from 'jose';
import { ExpiringCache } from './expiring-cache';
import { isOrgRole, isScope, isTeamRole, type Principal, type TeamMembership } from './principal';

/**
 * The gateway verifies the caller's credential once, then hands each subgraph a short-lived
 * token of its own, signed with an Ed25519 key that only the gateway holds. Subgraphs hold only
 * public keys, so a subgraph (or anyone who reads its configuration) cannot mint an identity.
 * Each token names one subgraph as its audience: a token captured on its way to lineage is
 * refused by the registry.
 */
export const INTERNAL_IDENTITY_HEADER = 'x-cairn-identity';
export const REQUEST_ID_HEADER = 'x-request-id';

const ISSUER = 'cairn-gateway';
const ALGORITHM = 'EdDSA';

export function internalAudienceFor(subgraph: string): string {
  return `cairn-subgraph:${subgraph}`;
}

/** Environment variables cannot always hold line breaks; accept `\n` escapes too. */
function normalisePem(pem: string): string {
  return pem.replace(/\\n/g, '\n').trim();
}

/** Every PEM block in a text, so several public keys can be trusted at once during a rotation. */
export function pemBlocks(text: string, label: 'PUBLIC KEY' | 'PRIVATE KEY'): string[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`, 'g');
  return normalisePem(text).match(pattern) ?? [];
}

function ed25519Private(pem: string): KeyObject {
  const key = createPrivateKey(normalisePem(pem));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the identity signing key must be an Ed25519 key');
  return key;
}

function ed25519Public(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('identity verification keys must be Ed25519 keys');
  return key;
}

/** Key id: the RFC 7638 thumbprint of the public key, so verifiers pick the right key after a rotation. */
async function keyIdOf(publicKey: KeyObject): Promise<string> {
  return calculateJwkThumbprint(await exportJWK(publicKey));
}

export class InternalTokenSigner {
  private readonly privateKey: KeyObject;
  private readonly keyId: Promise<string>;

  constructor(
    privateKeyPem: string,
    private readonly ttlSeconds: number,
  ) {
    this.privateKey = ed25519Private(privateKeyPem);
    this.keyId = keyIdOf(createPublicKey(this.privateKey));
  }

  /** Signs `principal` for one subgraph. */
  async sign(principal: Principal, subgraph: string): Promise<string> {
    return new SignJWT({
      kind: principal.kind,
      email: principal.email,
      name: principal.name,
      org: principal.orgRoles,
      // Compact: [team, role, approver ? 1 : 0]; a person in many teams still fits a header.
      teams: principal.memberships.map((m) => [m.team, m.role, m.approver ? 1 : 0]),
      scope: principal.scopes.join(' '),
      client: principal.client ? `${principal.client.kind}:${principal.client.id}` : undefined,
    })
      .setProtectedHeader({ alg: ALGORITHM, kid: await this.keyId, typ: 'cairn-identity+jwt' })
      .setIssuer(ISSUER)
      .setAudience(internalAudienceFor(subgraph))
      .setSubject(principal.subject)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.privateKey);
  }
}

/**
 * Verifies the gateway's identity tokens. The gateway reuses a signed token for one caller and
 * subgraph for up to half its lifetime, so the same string arrives again and again: a verified
 * token is remembered, keyed by the whole token (signature included, so no other string can
 * hit the entry), until its own expiry. Expiry is checked on every use.
 */
export class InternalTokenVerifier {
  private readonly keys: Promise<Map<string, KeyObject>>;
  private readonly audience: string;
  private readonly verified: ExpiringCache<Principal>;

  constructor(publicKeysPem: string, subgraph: string, maxRemembered = 10_000, now: () => number = Date.now) {
    this.verified = new ExpiringCache(maxRemembered, now);
    const blocks = pemBlocks(publicKeysPem, 'PUBLIC KEY').map(ed25519Public);
    if (blocks.length === 0) throw new Error('no identity verification key was given');
    this.keys = Promise.all(blocks.map(async (key) => [await keyIdOf(key), key] as const)).then(
      (entries) => new Map(entries),
    );
    this.audience = internalAudienceFor(subgraph);
  }

  async verify(token: string | undefined): Promise<Principal> {
    if (!token) throw new UnauthenticatedError('Missing gateway identity: call Cairn through its gateway');
    const remembered = this.verified.get(token);
    if (remembered) return remembered;
    const keys = await this.keys;
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? keys.get(header.kid) : undefined;
          if (!key) throw new Error('unknown key id');
          return key;
        },
        { issuer: ISSUER, audience: this.audience, algorithms: [ALGORITHM], requiredClaims: ['exp', 'sub'] },
      );
      const principal = principalFromClaims(payload);
      this.verified.set(token, principal, (payload.exp as number) * 1000);
      return principal;
    } catch {
      throw new UnauthenticatedError('Invalid or expired gateway identity');
    }
  }
}

function membershipsFrom(value: unknown): TeamMembership[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    if (!Array.isArray(entry)) return [];
    const [team, role, approver] = entry as unknown[];
    return typeof team === 'string' && isTeamRole(role) ? [{ team, role, approver: approver === 1 }] : [];
  });
}

function principalFromClaims(payload: Record<string, unknown>): Principal {
  const client = typeof payload.client === 'string' ? /^(oidc|api-token):(.+)$/.exec(payload.client) : null;
  return {
    subject: String(payload.sub),
    kind: payload.kind === 'service' || payload.kind === 'gateway' ? payload.kind : 'user',
    email: typeof payload.email === 'string' ? payload.email : undefined,
    name: typeof payload.name === 'string' ? payload.name : undefined,
    orgRoles: Array.isArray(payload.org) ? payload.org.filter(isOrgRole) : [],
    memberships: membershipsFrom(payload.teams),
    scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(isScope) : [],
    client: client ? { kind: client[1] as 'oidc' | 'api-token', id: client[2]! } : undefined,
  };
}
