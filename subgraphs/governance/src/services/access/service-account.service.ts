import { isUniqueViolation } from '@cairn/database';
import { ConflictError, parseInput } from '@cairn/errors';
import { actorOf, type Principal } from '@cairn/identity';
import type { DataSource } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { GovernanceEvents } from '../../events';
import { createServiceAccountRules } from './access-input-rules';
import { assertManagesTeam } from './membership.service';
import { insertMembership, serviceAccountSubject } from './membership-store';
import type { TeamDirectory } from './team-directory';

export interface ServiceAccountRow {
  id: string;
  team_slug: string;
  name: string;
  created_by: string;
  created_at: Date;
}

/**
 * A team's non-human member (a CI job, a serving system). It acts only through its API tokens,
 * with the memberships granted to `service-account:<id>`: at creation, the role asked for in
 * its own team.
 */
export class ServiceAccountService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teams: TeamDirectory,
  ) {}

  async create(actor: Principal, input: unknown): Promise<ServiceAccountRow> {
    const command = parseInput(createServiceAccountRules, input);
    assertManagesTeam(actor, command.team, 'create service accounts');
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.teams.assertExists(command.team, manager);
        const [account]: ServiceAccountRow[] = await manager.query(
          `/* insertServiceAccount */ INSERT INTO governance.service_account (team_slug, name, created_by)
           VALUES ($1, $2, $3) RETURNING id, team_slug, name, created_by, created_at`,
          [command.team, command.name, actorOf(actor)],
        );
        const subject = serviceAccountSubject(account!.id);
        const membershipId = await insertMembership(manager, {
          team: command.team,
          subject,
          role: command.role,
          approver: false,
          grantedBy: actorOf(actor),
        });
        await governanceEventLog.publish(
          manager,
          {
            type: GovernanceEvents.ServiceAccountCreated,
            subjectId: account!.id,
            actor: actorOf(actor),
            payload: {
              serviceAccountId: account!.id,
              team: command.team,
              name: command.name,
              role: command.role,
            },
          },
          {
            type: GovernanceEvents.TeamMembershipGranted,
            subjectId: membershipId,
            actor: actorOf(actor),
            payload: { team: command.team, subject, role: command.role, approver: false, previous: null },
          },
        );
        return account!;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'service_account_team_name_key')) {
        throw new ConflictError(
          `Team "${command.team}" already has a service account named "${command.name}"`,
        );
      }
      throw error;
    }
  }
}
