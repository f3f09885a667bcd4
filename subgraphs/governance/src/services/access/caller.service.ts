import { ForbiddenError, parseInput } from '@cairn/errors';
import { isGateway, type Principal, type TeamMembership } from '@cairn/identity';
import type { DataSource } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { GovernanceEvents } from '../../events';
import { callerClaimsRules } from './access-input-rules';
import { activeMembershipsOf } from './membership-store';

/** Only the gateway asks who a caller is; no caller's credential can produce its principal. */
export function assertGateway(actor: Principal): void {
  if (!isGateway(actor)) throw new ForbiddenError('Only the gateway resolves callers');
}

/**
 * The gateway's question for an OIDC caller: what does Cairn itself grant them? Signing in
 * provisions the account on first sight and records what the identity provider's groups gave
 * (so a personal API token can act with them later).
 */
export class CallerService {
  constructor(private readonly dataSource: DataSource) {}

  async resolve(actor: Principal, input: unknown): Promise<TeamMembership[]> {
    assertGateway(actor);
    const claims = parseInput(callerClaimsRules, input);
    const claimRights = JSON.stringify({ orgRoles: claims.orgRoles, memberships: claims.memberships });
    return this.dataSource.transaction(async (manager) => {
      // Writes only when something changed or last_seen_at is a minute old: sign-ins are frequent.
      const provisioned: { inserted: boolean }[] = await manager.query(
        `/* upsertUserAccount */ INSERT INTO governance.user_account AS a (subject, kind, email, name, claim_rights)
         VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (subject) DO UPDATE
           SET kind = EXCLUDED.kind, email = EXCLUDED.email, name = EXCLUDED.name,
               claim_rights = EXCLUDED.claim_rights, last_seen_at = now()
         WHERE (a.kind, a.email, a.name, a.claim_rights) IS DISTINCT FROM
               (EXCLUDED.kind, EXCLUDED.email, EXCLUDED.name, EXCLUDED.claim_rights)
            OR a.last_seen_at < now() - interval '1 minute'
         RETURNING (a.xmax = 0) AS inserted`,
        [claims.subject, claims.kind, claims.email, claims.name, claimRights],
      );
      if (provisioned[0]?.inserted) {
        await governanceEventLog.publish(manager, {
          type: GovernanceEvents.UserProvisioned,
          subjectId: claims.subject,
          actor: claims.email ?? claims.subject,
          payload: { subject: claims.subject, kind: claims.kind, email: claims.email },
        });
      }
      return activeMembershipsOf(manager, claims.subject);
    });
  }
}
