import type { GatewayConfig } from '@cairn/config';
import { INTERNAL_IDENTITY_HEADER, type Principal, REQUEST_ID_HEADER } from '@cairn/identity';
import type { IdentityForwarder } from './identity-forwarding';

/**
 * The gateway itself, asking governance who a caller is or recording access. Only the gateway
 * signs identities, and it never builds this principal from a caller's credential (OIDC callers
 * are `user` or `service`, API tokens too), so no caller can reach governance's internal fields.
 */
export const GATEWAY_PRINCIPAL: Principal = Object.freeze({
  subject: 'cairn-gateway',
  kind: 'gateway',
  name: 'Cairn gateway',
  orgRoles: [],
  memberships: [],
  scopes: ['read'],
}) as Principal;

export interface GraphQLAnswer<T> {
  status: number;
  body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** Governance could not be reached, or did not answer with GraphQL. */
export class GovernanceUnreachableError extends Error {
  override readonly name = 'GovernanceUnreachableError';
}

/**
 * Calls governance directly (not through the supergraph): as the gateway for the `@inaccessible`
 * fields (`resolveCaller`, `resolveApiToken`, `recordAccess`), or as a caller for a query the
 * gateway serves outside GraphQL (the access log export).
 */
export class GovernanceClient {
  constructor(
    private readonly config: Pick<GatewayConfig, 'GOVERNANCE_URL' | 'SUBGRAPH_TIMEOUT_MS'>,
    private readonly identities: IdentityForwarder,
  ) {}

  async post<T>(
    query: string,
    variables: Record<string, unknown>,
    requestId: string,
    principal: Principal = GATEWAY_PRINCIPAL,
  ): Promise<GraphQLAnswer<T>> {
    try {
      const response = await fetch(this.config.GOVERNANCE_URL, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [INTERNAL_IDENTITY_HEADER]: await this.identities.tokenFor(principal, 'governance'),
          [REQUEST_ID_HEADER]: requestId,
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.config.SUBGRAPH_TIMEOUT_MS),
      });
      return { status: response.status, body: (await response.json()) as GraphQLAnswer<T>['body'] };
    } catch (error) {
      throw new GovernanceUnreachableError('The governance service cannot be reached', { cause: error });
    }
  }
}
