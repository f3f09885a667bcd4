import type { GatewayConfig } from '@cairn/config';
import { UnauthenticatedError } from '@cairn/errors';
import {
  ExpiringCache,
  isOrgRole,
  isScope,
  isTeamRole,
  mergeMemberships,
  type Principal,
  type TeamMembership,
} from '@cairn/identity';
import type { Logger } from 'pino';
import type { OidcAuthenticator } from './authentication';
import { bearerToken, isApiTokenBearer } from './authentication';
import type { GovernanceClient, GraphQLAnswer } from './governance-client';

export { GATEWAY_PRINCIPAL } from './governance-client';

/** Governance did not answer the question, as opposed to answering "no". */
export class CallerResolutionUnavailableError extends Error {
  override readonly name = 'CallerResolutionUnavailableError';
}

const RESOLVE_CALLER = `mutation ResolveCaller($claims: GatewayCallerClaimsInput!) {
  resolveCaller(claims: $claims) { memberships { team role approver } } }`;
const RESOLVE_API_TOKEN = `mutation ResolveApiToken($token: GatewayApiTokenInput!) {
  resolveApiToken(token: $token) { kind subject email name orgRoles memberships { team role approver } scopes tokenId } }`;

interface ResolvedToken {
  kind: string;
  subject: string;
  email: string | null;
  name: string | null;
  orgRoles: unknown[];
  memberships: unknown[];
  scopes: unknown[];
  tokenId: string | null;
}

function membershipsFrom(value: unknown[]): TeamMembership[] {
  return value.flatMap((m) => {
    const { team, role, approver } = (m ?? {}) as Record<string, unknown>;
    return typeof team === 'string' && isTeamRole(role) ? [{ team, role, approver: approver === true }] : [];
  });
}

export interface CallerDetails {
  address?: string;
  userAgent?: string;
  requestId: string;
}

/**
 * Turns a bearer credential into the principal the subgraphs see. An API token (`cairn_…`) is
 * resolved by governance on every request: no cache, so expiry and revocation apply at once. An
 * OIDC token is verified here, then governance adds the memberships managed in Cairn (and
 * provisions the account on first sign-in); that answer is cached per subject and claimed
 * rights for `CALLER_CACHE_TTL_MS`. One internal call per request at most, none when cached.
 */
/**
 * After governance fails to answer, OIDC callers skip asking it for this long: an outage then
 * costs one failed call and one log line a second, not one per request.
 */
const OUTAGE_BACKOFF_MS = 1000;

export class CallerResolver {
  private readonly cache: ExpiringCache<TeamMembership[]>;
  private governanceDownUntil = 0;

  constructor(
    private readonly config: Pick<GatewayConfig, 'CALLER_CACHE_TTL_MS'>,
    private readonly oidc: OidcAuthenticator,
    private readonly governance: GovernanceClient,
    private readonly logger: Logger,
    maxEntries = 10_000,
  ) {
    this.cache = new ExpiringCache(maxEntries);
  }

  async authenticate(authorization: string | undefined, caller: CallerDetails): Promise<Principal> {
    const bearer = bearerToken(authorization);
    if (isApiTokenBearer(bearer)) return this.forApiToken(bearer, caller);
    return this.forOidc(await this.oidc.authenticate(authorization), caller);
  }

  private async forApiToken(secret: string, caller: CallerDetails): Promise<Principal> {
    const client = [caller.address, caller.userAgent].filter(Boolean).join(' ') || null;
    const data = await this.ask<{ resolveApiToken: ResolvedToken }>(
      RESOLVE_API_TOKEN,
      { token: { secret, client } },
      caller.requestId,
    );
    const token = data.resolveApiToken;
    return {
      subject: token.subject,
      // Never `gateway`, whatever the answer says.
      kind: token.kind === 'service' ? 'service' : 'user',
      email: token.email ?? undefined,
      name: token.name ?? undefined,
      orgRoles: token.orgRoles.filter(isOrgRole),
      memberships: membershipsFrom(token.memberships),
      scopes: token.scopes.filter(isScope),
      client: token.tokenId ? { kind: 'api-token', id: token.tokenId } : undefined,
    };
  }

  /**
   * The verified-token cache hands back the same principal object for the same token, and the
   * membership cache the same array until it expires: what is derived from them is remembered
   * by object identity, so a session's requests do not rebuild it (keys cannot cross callers).
   */
  private readonly claimsOf = new WeakMap<Principal, { claims: Record<string, unknown>; key: string }>();
  private readonly mergedOf = new WeakMap<TeamMembership[], WeakMap<Principal, Principal>>();

  private claimsFor(claimed: Principal): { claims: Record<string, unknown>; key: string } {
    let found = this.claimsOf.get(claimed);
    if (!found) {
      const claims = {
        subject: claimed.subject,
        kind: claimed.kind === 'service' ? 'service' : 'user',
        email: claimed.email ?? null,
        name: claimed.name ?? null,
        orgRoles: claimed.orgRoles,
        memberships: claimed.memberships,
      };
      found = { claims, key: JSON.stringify(claims) };
      this.claimsOf.set(claimed, found);
    }
    return found;
  }

  private merged(claimed: Principal, managed: TeamMembership[]): Principal {
    let byClaimed = this.mergedOf.get(managed);
    if (!byClaimed) {
      byClaimed = new WeakMap();
      this.mergedOf.set(managed, byClaimed);
    }
    let principal = byClaimed.get(claimed);
    if (!principal) {
      principal = { ...claimed, memberships: mergeMemberships(claimed.memberships, managed) };
      byClaimed.set(claimed, principal);
    }
    return principal;
  }

  private async forOidc(claimed: Principal, caller: CallerDetails): Promise<Principal> {
    const { claims, key } = this.claimsFor(claimed);
    const now = Date.now();
    let managed = this.cache.get(key);
    if (!managed && now < this.governanceDownUntil) return claimed;
    if (!managed) {
      try {
        const data = await this.ask<{ resolveCaller: { memberships: unknown[] } }>(
          RESOLVE_CALLER,
          { claims },
          caller.requestId,
        );
        managed = membershipsFrom(data.resolveCaller.memberships);
        this.remember(key, managed, now);
      } catch (err) {
        // The identity provider's word still holds: serve with its rights alone, never with more.
        if (err instanceof CallerResolutionUnavailableError)
          this.governanceDownUntil = Date.now() + OUTAGE_BACKOFF_MS;
        this.logger.warn(
          { err, subject: claimed.subject, requestId: caller.requestId },
          'governance did not resolve the caller; continuing with the rights from the OIDC token only',
        );
        return claimed;
      }
    }
    return this.merged(claimed, managed);
  }

  private remember(key: string, memberships: TeamMembership[], now: number) {
    if (this.config.CALLER_CACHE_TTL_MS > 0)
      this.cache.set(key, memberships, now + this.config.CALLER_CACHE_TTL_MS);
  }

  /** Calls governance directly (not through the supergraph) as the gateway. */
  private async ask<T>(query: string, variables: Record<string, unknown>, requestId: string): Promise<T> {
    let answer: GraphQLAnswer<T>;
    try {
      answer = await this.governance.post<T>(query, variables, requestId);
    } catch (error) {
      throw new CallerResolutionUnavailableError('The governance service cannot be reached', {
        cause: error,
      });
    }
    const { status, body } = answer;
    const error = body.errors?.[0];
    // A 200 with UNAUTHENTICATED is governance refusing the token; a 401 would be governance
    // refusing the gateway itself, which is an outage, not the caller's fault.
    if (status < 300 && error?.extensions?.code === 'UNAUTHENTICATED')
      throw new UnauthenticatedError(error.message);
    if (error || !body.data) {
      throw new CallerResolutionUnavailableError(
        `Governance could not resolve the caller (HTTP ${status}, ${error?.extensions?.code ?? 'no data'}: ${error?.message ?? ''})`,
      );
    }
    return body.data;
  }
}
