import { parseInput, UnauthenticatedError } from '@cairn/errors';
import {
  isOrgRole,
  mergeMemberships,
  type OrgRole,
  type Principal,
  type Scope,
  type TeamMembership,
} from '@cairn/identity';
import type { DataSource } from 'typeorm';
import { resolveApiTokenRules } from './access-input-rules';
import { hashApiTokenSecret, isApiTokenSecret } from './api-token-secret';
import { assertGateway } from './caller.service';
import { activeMembershipsOf, serviceAccountSubject } from './membership-store';

interface TokenLookup {
  id: string;
  owner_subject: string | null;
  service_account_id: string | null;
  service_account_name: string | null;
  scopes: Scope[];
  usable: boolean;
  owner_kind: 'user' | 'service' | null;
  owner_email: string | null;
  owner_name: string | null;
  owner_claim_rights: { orgRoles?: unknown[]; memberships?: TeamMembership[] } | null;
}

/** One answer for unknown, expired and revoked tokens: a caller learns nothing from which. */
const REFUSED = 'The API token is invalid, expired or revoked';

/**
 * The gateway's question for a bearer that is an API token: who is it, with which rights now?
 * Asked on every request, so revocation, expiry and lost memberships apply to the next one.
 */
export class ApiTokenResolutionService {
  constructor(private readonly dataSource: DataSource) {}

  async resolve(actor: Principal, input: unknown): Promise<Principal> {
    assertGateway(actor);
    const { secret, client } = parseInput(resolveApiTokenRules, input);
    if (!isApiTokenSecret(secret)) throw new UnauthenticatedError(REFUSED);
    const [token]: TokenLookup[] = await this.dataSource.query(
      `/* lookupApiToken */ SELECT t.id, t.owner_subject, t.service_account_id, sa.name AS service_account_name,
              t.scopes, (t.revoked_at IS NULL AND t.expires_at > now()) AS usable,
              u.kind AS owner_kind, u.email AS owner_email, u.name AS owner_name,
              u.claim_rights AS owner_claim_rights
         FROM governance.api_token t
         LEFT JOIN governance.service_account sa ON sa.id = t.service_account_id
         LEFT JOIN governance.user_account u ON u.subject = t.owner_subject
        WHERE t.secret_sha256 = $1`,
      [hashApiTokenSecret(secret)],
    );
    if (!token?.usable) throw new UnauthenticatedError(REFUSED);
    // At most one write a minute per token: a busy tool must not turn every read into a write.
    await this.dataSource.query(
      `/* recordApiTokenUse */ UPDATE governance.api_token SET last_used_at = now(), last_used_client = $2
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [token.id, client],
    );
    const tokenClient = { kind: 'api-token' as const, id: token.id };
    if (token.service_account_id) {
      const subject = serviceAccountSubject(token.service_account_id);
      return {
        subject,
        kind: 'service',
        name: token.service_account_name ?? undefined,
        orgRoles: [],
        memberships: await activeMembershipsOf(this.dataSource.manager, subject),
        scopes: token.scopes,
        client: tokenClient,
      };
    }
    const owner = token.owner_subject!;
    const claimed = token.owner_claim_rights ?? {};
    return {
      subject: owner,
      kind: token.owner_kind ?? 'user',
      email: token.owner_email ?? undefined,
      name: token.owner_name ?? undefined,
      // What the identity provider granted at the owner's last sign-in, plus what Cairn grants now.
      orgRoles: (claimed.orgRoles ?? []).filter(isOrgRole) as OrgRole[],
      memberships: mergeMemberships(
        claimed.memberships ?? [],
        await activeMembershipsOf(this.dataSource.manager, owner),
      ),
      scopes: token.scopes,
      client: tokenClient,
    };
  }
}
