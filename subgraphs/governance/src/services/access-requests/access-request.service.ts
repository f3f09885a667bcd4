import { isUuid } from '@cairn/database';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  parseInput,
} from '@cairn/errors';
import {
  actorOf,
  hasScope,
  hasTeamRole,
  isPlatformAdmin,
  type Principal,
  strongerRole,
  type TeamMembership,
} from '@cairn/identity';
import type { ModelDirectory } from '@cairn/model-directory';
import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { GovernanceEvents } from '../../events';
import { assertManagesTeam, type MembershipService } from '../access/membership.service';
import { activeMembership } from '../access/membership-store';
import type { TeamDirectory } from '../access/team-directory';
import { accessRequestListRules, decideAccessRequestRules, requestAccessRules } from './access-request-rules';
import {
  type AccessRequestRow,
  closeAccessRequest,
  insertAccessRequest,
  lockAccessRequest,
  selectRequestsOf,
  selectRequestsTo,
  someVersionOfModel,
} from './access-request-store';

/** Asking and withdrawing act on the caller's own rights, so a credential needs the admin scope. */
function assertMayAsk(actor: Principal): void {
  if (actor.kind !== 'user' || !hasScope(actor, 'admin')) {
    throw new ForbiddenError('Only people, with the admin scope, can ask for or withdraw access');
  }
}

/**
 * Access requests: a person asks a team for a role (optionally naming one of its models); the
 * team's maintainers grant or deny it with a comment; the requester may withdraw it while it is
 * open. A grant creates the managed membership in the same transaction. Every step is an event.
 */
export class AccessRequestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teams: TeamDirectory,
    private readonly memberships: MembershipService,
    private readonly directory: ModelDirectory,
  ) {}

  async request(actor: Principal, input: unknown): Promise<AccessRequestRow> {
    assertMayAsk(actor);
    const command = parseInput(requestAccessRules, input);
    if (hasTeamRole(actor, command.team, command.role)) {
      throw new PreconditionFailedError(`You already have ${command.role} or more in team "${command.team}"`);
    }
    return this.dataSource.transaction(async (manager) => {
      await this.teams.assertExists(command.team, manager);
      const model = command.modelId
        ? await this.visibleModel(actor, command.modelId, command.team, manager)
        : null;
      const row = await insertAccessRequest(manager, {
        team_slug: command.team,
        requester_subject: actor.subject,
        requester_email: actor.email ?? null,
        role: command.role,
        model_id: model?.id ?? null,
        model_name: model?.name ?? null,
        justification: command.justification,
      });
      if (!row) {
        throw new ConflictError(
          `You already have an open request to team "${command.team}": withdraw it first`,
        );
      }
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.AccessRequested,
        subjectId: row.id,
        actor: actorOf(actor),
        payload: {
          requestId: row.id,
          team: row.team_slug,
          requester: row.requester_subject,
          role: row.role,
          modelId: row.model_id,
          justification: row.justification,
        },
      });
      return row;
    });
  }

  async decide(actor: Principal, input: unknown): Promise<AccessRequestRow> {
    const command = parseInput(decideAccessRequestRules, input);
    // Maintainers of some team at least, before anything is looked up.
    if (!hasScope(actor, 'admin') || !actor.memberships.some((m) => m.role === 'maintainer')) {
      if (!isPlatformAdmin(actor)) throw new ForbiddenError('Only team maintainers answer access requests');
    }
    return this.dataSource.transaction(async (manager) => {
      const request = isUuid(command.id) ? await lockAccessRequest(manager, command.id) : null;
      if (!request) throw new NotFoundError('AccessRequest', command.id);
      assertManagesTeam(actor, request.team_slug, 'answer its access requests');
      if (request.requester_subject === actor.subject) {
        throw new ForbiddenError('Nobody answers their own access request');
      }
      if (request.status !== 'open') {
        throw new PreconditionFailedError(`The request is already ${request.status}`);
      }
      const by = actorOf(actor);
      if (command.decision === 'deny') {
        const denied = await closeAccessRequest(manager, request.id, {
          status: 'denied',
          by,
          comment: command.comment,
          membershipId: null,
        });
        await governanceEventLog.publish(manager, {
          type: GovernanceEvents.AccessRequestDenied,
          subjectId: request.id,
          actor: by,
          payload: { ...this.summary(request), comment: command.comment },
        });
        return denied;
      }
      const membershipId = await this.grantMembership(manager, actor, request);
      const granted = await closeAccessRequest(manager, request.id, {
        status: 'granted',
        by,
        comment: command.comment,
        membershipId,
      });
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.AccessRequestGranted,
        subjectId: request.id,
        actor: by,
        payload: { ...this.summary(request), comment: command.comment, membershipId },
      });
      return granted;
    });
  }

  async withdraw(actor: Principal, id: string): Promise<AccessRequestRow> {
    assertMayAsk(actor);
    return this.dataSource.transaction(async (manager) => {
      const request = isUuid(id) ? await lockAccessRequest(manager, id) : null;
      // Someone else's request is, to this caller, one that does not exist.
      if (!request || request.requester_subject !== actor.subject)
        throw new NotFoundError('AccessRequest', id);
      if (request.status !== 'open') {
        throw new PreconditionFailedError(`The request is already ${request.status}`);
      }
      const withdrawn = await closeAccessRequest(manager, request.id, {
        status: 'withdrawn',
        by: actorOf(actor),
        comment: null,
        membershipId: null,
      });
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.AccessRequestWithdrawn,
        subjectId: request.id,
        actor: actorOf(actor),
        payload: this.summary(request),
      });
      return withdrawn;
    });
  }

  /** The caller's own requests, newest first. */
  mine(actor: Principal, input: unknown): Promise<AccessRequestRow[]> {
    const query = parseInput(accessRequestListRules, input);
    return selectRequestsOf(this.dataSource.manager, actor.subject, query);
  }

  /** Requests to the teams the caller maintains (every team for platform admins), open ones first. */
  inbox(actor: Principal, input: unknown): Promise<AccessRequestRow[]> {
    const query = parseInput(accessRequestListRules, input);
    const maintained = isPlatformAdmin(actor)
      ? 'all'
      : actor.memberships.filter((m) => m.role === 'maintainer').map((m) => m.team);
    if (query.team && !hasTeamRole(actor, query.team, 'maintainer')) {
      throw new ForbiddenError(`Only maintainers of team "${query.team}" see its access requests`);
    }
    const teams = query.team ? [query.team] : maintained;
    if (teams !== 'all' && teams.length === 0) return Promise.resolve([]);
    return selectRequestsTo(this.dataSource.manager, teams, query);
  }

  /**
   * The requested role, never less than the member already holds in Cairn: a request for
   * viewer must not demote a managed contributor. Answers the membership row's id.
   */
  private async grantMembership(
    manager: EntityManager,
    actor: Principal,
    request: AccessRequestRow,
  ): Promise<string> {
    const current = await activeMembership(manager, request.team_slug, request.requester_subject);
    const role: TeamMembership['role'] = current ? strongerRole(current.role, request.role) : request.role;
    const membership = await this.memberships.grantWithin(manager, actor, {
      team: request.team_slug,
      subject: request.requester_subject,
      role,
      approver: current?.approver ?? false,
    });
    return membership.id;
  }

  private async visibleModel(actor: Principal, modelId: string, team: string, manager: EntityManager) {
    const versionId = isUuid(modelId) ? await someVersionOfModel(manager, modelId.toLowerCase()) : null;
    // A model the caller may not see, or of another team, is one that does not exist.
    const version = versionId ? (await this.directory.getVisibleMany(actor, [versionId], manager))[0] : null;
    if (!version || version.teamSlug !== team) throw new NotFoundError('Model', modelId);
    return { id: version.modelId, name: version.modelName };
  }

  private summary(request: AccessRequestRow) {
    return {
      requestId: request.id,
      team: request.team_slug,
      requester: request.requester_subject,
      role: request.role,
    };
  }
}
