import { ForbiddenError, NotFoundError, PreconditionFailedError, parseInput } from '@cairn/errors';
import {
  actorOf,
  hasScope,
  hasTeamRole,
  isMemberOf,
  isPlatformAdmin,
  type Principal,
  readsEverything,
} from '@cairn/identity';
import { type Connection, cursorCodec, cursorParts, pageArgs, toConnection } from '@cairn/subgraph-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { GovernanceEvents } from '../../events';
import {
  type GrantMembershipCommand,
  grantMembershipRules,
  revokeMembershipRules,
  teamSlug,
} from './access-input-rules';
import {
  activeMembership,
  activeMembershipsPage,
  countActiveMemberships,
  insertMembership,
  lockTeamMemberships,
  type MembershipRow,
  otherMaintainers,
  revokeMembership,
} from './membership-store';
import type { TeamDirectory } from './team-directory';

const MEMBERSHIP_CURSOR = cursorCodec('team-membership', cursorParts.uuid);

/** Only a team's maintainers (platform admins count), with a credential that may administer. */
export function assertManagesTeam(actor: Principal, team: string, doing: string): void {
  if (!hasScope(actor, 'admin') || !hasTeamRole(actor, team, 'maintainer')) {
    throw new ForbiddenError(`Only maintainers of team "${team}" can ${doing}, with the admin scope`);
  }
}

/**
 * Team memberships managed in Cairn, besides those the OIDC groups give. Rules: a team's
 * maintainers manage its memberships; nobody changes their own; a team keeps at least one
 * managed maintainer unless a platform admin (who can always manage it) says otherwise.
 * A change revokes the old row and adds a new one, so the history stays.
 */
export class MembershipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teams: TeamDirectory,
  ) {}

  /** The team's managed memberships: for its members, platform admins and auditors. */
  async pageTeam(
    actor: Principal,
    team: string,
    args: { first?: number | null; after?: string | null },
  ): Promise<Connection<MembershipRow>> {
    if (!isMemberOf(actor, team) && !readsEverything(actor)) {
      throw new ForbiddenError(`Only members of team "${team}" can see its memberships`);
    }
    if (!teamSlug.safeParse(team).success) throw new NotFoundError('Team', team);
    const { first, after } = pageArgs(args, MEMBERSHIP_CURSOR);
    await this.teams.assertExists(team);
    const manager = this.dataSource.manager;
    const rows = await activeMembershipsPage(manager, team, first, after);
    const total = await countActiveMemberships(manager, team);
    return toConnection(rows, first, total, (row) => MEMBERSHIP_CURSOR.encode(row.id));
  }

  async grant(actor: Principal, input: unknown): Promise<MembershipRow> {
    const command = parseInput(grantMembershipRules, input);
    assertManagesTeam(actor, command.team, 'grant memberships');
    return this.dataSource.transaction(async (manager) => {
      await this.teams.assertExists(command.team, manager);
      const subject = command.subject ?? (await this.subjectByEmail(manager, command.email!));
      return this.grantWithin(manager, actor, { ...command, subject });
    });
  }

  /**
   * The grant itself, inside the caller's transaction (an access request granted creates its
   * membership in the transaction that answers it). The caller has checked the team exists and
   * that the actor manages it.
   */
  async grantWithin(
    manager: EntityManager,
    actor: Principal,
    command: Omit<GrantMembershipCommand, 'subject' | 'email'> & { subject: string },
  ): Promise<MembershipRow> {
    const subject = command.subject;
    this.refuseOwn(actor, subject);
    await lockTeamMemberships(manager, command.team);
    const current = await activeMembership(manager, command.team, subject);
    if (current && current.role === command.role && current.approver === command.approver) return current;
    if (current?.role === 'maintainer' && command.role !== 'maintainer') {
      await this.keepAMaintainer(actor, manager, command.team, subject);
    }
    if (current) await revokeMembership(manager, current.id, actorOf(actor));
    const id = await insertMembership(manager, {
      team: command.team,
      subject,
      role: command.role,
      approver: command.approver,
      grantedBy: actorOf(actor),
    });
    await governanceEventLog.publish(manager, {
      type: GovernanceEvents.TeamMembershipGranted,
      subjectId: id,
      actor: actorOf(actor),
      payload: {
        team: command.team,
        subject,
        role: command.role,
        approver: command.approver,
        previous: current ? { role: current.role, approver: current.approver } : null,
      },
    });
    return (await activeMembership(manager, command.team, subject))!;
  }

  async revoke(actor: Principal, input: unknown): Promise<MembershipRow> {
    const command = parseInput(revokeMembershipRules, input);
    assertManagesTeam(actor, command.team, 'revoke memberships');
    this.refuseOwn(actor, command.subject);
    return this.dataSource.transaction(async (manager) => {
      await this.teams.assertExists(command.team, manager);
      await lockTeamMemberships(manager, command.team);
      const current = await activeMembership(manager, command.team, command.subject);
      if (!current) throw new NotFoundError('TeamMembership', `${command.team}/${command.subject}`);
      if (current.role === 'maintainer') {
        await this.keepAMaintainer(actor, manager, command.team, command.subject);
      }
      await revokeMembership(manager, current.id, actorOf(actor));
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.TeamMembershipRevoked,
        subjectId: current.id,
        actor: actorOf(actor),
        payload: {
          team: command.team,
          subject: command.subject,
          role: current.role,
          approver: current.approver,
        },
      });
      return current;
    });
  }

  private refuseOwn(actor: Principal, subject: string): void {
    // Otherwise a maintainer could make themselves an approver and promote alone.
    if (subject === actor.subject) throw new ForbiddenError('Nobody changes their own membership');
  }

  private async keepAMaintainer(actor: Principal, manager: EntityManager, team: string, subject: string) {
    if (isPlatformAdmin(actor)) return;
    if ((await otherMaintainers(manager, team, subject)) === 0) {
      throw new PreconditionFailedError(
        `Team "${team}" would be left without a maintainer: grant another maintainer first`,
      );
    }
  }

  /** Only people who have signed in once are known by email; others are named by subject. */
  private async subjectByEmail(manager: EntityManager, email: string): Promise<string> {
    const [row] = await manager.query(
      `/* subjectByEmail */ SELECT subject FROM governance.user_account
        WHERE lower(email) = lower($1) ORDER BY last_seen_at DESC LIMIT 1`,
      [email],
    );
    if (!row) throw new NotFoundError('User', email);
    return row.subject;
  }
}
