import { UnauthenticatedError } from '@cairn/errors';
import { jwtVerify, SignJWT } from 'jose';
import { isRole, type Principal } from './principal';

/**
 * The gateway verifies the caller's OIDC token once, then hands each subgraph a short-lived
 * token of its own, signed with a secret only the gateway and the subgraphs share. A subgraph
 * trusts nothing else: called directly, without this header, it refuses the request.
 */
export const INTERNAL_IDENTITY_HEADER = 'x-cairn-identity';
export const REQUEST_ID_HEADER = 'x-request-id';

const ISSUER = 'cairn-gateway';
const AUDIENCE = 'cairn-subgraphs';
const ALGORITHM = 'HS256';

export class InternalTokenSigner {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  sign(principal: Principal): Promise<string> {
    return new SignJWT({
      kind: principal.kind,
      email: principal.email,
      name: principal.name,
      roles: principal.roles,
      teams: principal.teams,
    })
      .setProtectedHeader({ alg: ALGORITHM })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(principal.subject)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }
}

export class InternalTokenVerifier {
  private readonly key: Uint8Array;
  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string | undefined): Promise<Principal> {
    if (!token) throw new UnauthenticatedError('Missing gateway identity: call Cairn through its gateway');
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [ALGORITHM],
      });
      return {
        subject: String(payload.sub),
        kind: payload.kind === 'service' ? 'service' : 'user',
        email: typeof payload.email === 'string' ? payload.email : undefined,
        name: typeof payload.name === 'string' ? payload.name : undefined,
        roles: Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [],
        teams: Array.isArray(payload.teams) ? payload.teams.filter((t) => typeof t === 'string') : [],
      };
    } catch {
      throw new UnauthenticatedError('Invalid or expired gateway identity');
    }
  }
}
