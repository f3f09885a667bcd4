import type { GatewayConfig } from '@cairn/config';
import { UnauthenticatedError } from '@cairn/errors';
import { ExpiringCache, type GroupMappingRules, mapGroups, type Principal, SCOPES } from '@cairn/identity';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';

type KeySet = ReturnType<typeof createRemoteJWKSet>;

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The bearer credential of an `Authorization` header, or UNAUTHENTICATED. */
export function bearerToken(authorization: string | undefined): string {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match) throw new UnauthenticatedError('A bearer access token is required');
  return match[1]!;
}

/** Cairn API tokens (`cairn_pat_…`, `cairn_sat_…`) are resolved by governance, not verified as JWTs. */
export function isApiTokenBearer(token: string): boolean {
  return token.startsWith('cairn_');
}

/** A verified token is used again only if it stays valid at least this long. */
export const BEARER_EXPIRY_MARGIN_MS = 5_000;
/**
 * The longest a verification is reused, however long the token lives: as long as jose keeps a
 * fetched key set, so a key the issuer withdraws stops working here no later than it would
 * without the cache.
 */
export const BEARER_REUSE_MAX_MS = 10 * 60_000;

/**
 * Verifies bearer access tokens from any standard OIDC issuer: signature against the issuer's
 * JWKS, issuer, audience, expiry and algorithm. Rights come from the groups claim, mapped by
 * configuration (`@cairn/identity` `mapGroups`).
 *
 * The same access token arrives on every request of a session, and RS256 verification was a
 * large share of the gateway's CPU, so a verified token is remembered, keyed by the whole token
 * (signature included: no other string can hit the entry), until shortly before it expires.
 * OIDC access tokens cannot be revoked at the gateway in any case; Cairn's own API tokens, which
 * can, never pass through here (see `CallerResolver`).
 */
export class OidcAuthenticator {
  private keySet: Promise<KeySet> | undefined;

  private readonly groupRules: GroupMappingRules;
  private readonly verified: ExpiringCache<Principal>;

  constructor(
    private readonly config: GatewayConfig,
    maxRemembered = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.groupRules = { prefix: config.AUTH_GROUP_PREFIX, explicit: config.AUTH_GROUP_MAP };
    this.verified = new ExpiringCache(maxRemembered, now);
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    const remembered = this.verified.get(token);
    if (remembered) return remembered;
    return this.verify(token);
  }

  private async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keys(), {
        issuer: this.config.OIDC_ISSUER,
        audience: this.config.OIDC_AUDIENCE,
        algorithms: this.config.OIDC_ALGORITHMS,
        // A token without an expiry would be valid forever once leaked.
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      throw new UnauthenticatedError('The access token is invalid or expired');
    }
    if (!payload.sub) throw new UnauthenticatedError('The access token has no subject');
    const email = typeof payload.email === 'string' ? payload.email : undefined;
    const rights = mapGroups(stringList(payload[this.config.AUTH_GROUPS_CLAIM]), this.groupRules);
    const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
    const principal: Principal = {
      subject: payload.sub,
      kind: email ? 'user' : 'service',
      email,
      name: typeof payload.name === 'string' ? payload.name : undefined,
      orgRoles: rights.orgRoles,
      memberships: rights.memberships,
      // An OIDC sign-in is bounded by its roles only; API tokens narrow by scope.
      scopes: [...SCOPES],
      client: clientId ? { kind: 'oidc', id: clientId } : undefined,
    };
    const now = this.now();
    const reusableUntil = Math.min(
      (payload.exp as number) * 1000 - BEARER_EXPIRY_MARGIN_MS,
      now + BEARER_REUSE_MAX_MS,
    );
    // A token not yet valid (`nbf`) is refused above, so it is never remembered early.
    this.verified.set(token, principal, reusableUntil);
    return principal;
  }

  private keys(): Promise<KeySet> {
    this.keySet ??= this.discoverKeys().catch((error) => {
      this.keySet = undefined; // try discovery again on the next request
      throw error;
    });
    return this.keySet;
  }

  private async discoverKeys(): Promise<KeySet> {
    if (this.config.OIDC_JWKS_URI) return createRemoteJWKSet(new URL(this.config.OIDC_JWKS_URI));
    const discoveryUrl = `${this.config.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let response: Response;
    try {
      response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(5000) });
    } catch {
      throw new UnauthenticatedError('The identity provider cannot be reached to verify the token');
    }
    if (!response.ok)
      throw new UnauthenticatedError('The identity provider cannot be reached to verify the token');
    const discovery = (await response.json()) as { jwks_uri?: string };
    if (!discovery.jwks_uri) throw new Error(`${discoveryUrl} names no jwks_uri`);
    return createRemoteJWKSet(new URL(discovery.jwks_uri));
  }
}
