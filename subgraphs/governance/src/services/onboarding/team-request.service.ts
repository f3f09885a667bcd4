import { isUuid } from '@cairn/database';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  parseInput,
} from '@cairn/errors';
import { actorOf, hasScope, isPlatformAdmin, type Principal } from '@cairn/identity';
import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { GovernanceEvents } from '../../events';
import type { MembershipService } from '../access/membership.service';
import { rejectTeamRequestRules, requestTeamRules, teamRequestListRules } from './team-request-rules';
import {
  decideTeamRequest,
  insertTeamRequest,
  lockSlug,
  lockTeamRequest,
  selectTeamRequests,
  slugTaken,
  type TeamRequestRow,
} from './team-request-store';

/** Asking acts on the caller's own behalf: people only, with a credential that may administer. */
function assertMayAsk(actor: Principal): void {
  if (actor.kind !== 'user' || !hasScope(actor, 'admin')) {
    throw new ForbiddenError('Only people, with the admin scope, can ask for a team');
  }
}

function assertDecides(actor: Principal): void {
  if (!isPlatformAdmin(actor) || !hasScope(actor, 'admin')) {
    throw new ForbiddenError('Only platform admins, with the admin scope, decide team requests');
  }
}

/**
 * Self-service onboarding: a person asks for a new team; a platform admin approves it (never
 * their own) or rejects it with a reason. Approval grants the requester the maintainer role in
 * the same transaction (memberships name a team by slug, so the grant needs no team yet) and
 * publishes `TeamRequestApproved`, from which the registry creates the team with its defaults.
 */
export class TeamRequestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly memberships: MembershipService,
  ) {}

  async request(actor: Principal, input: unknown): Promise<TeamRequestRow> {
    assertMayAsk(actor);
    const command = parseInput(requestTeamRules, input);
    return this.dataSource.transaction(async (manager) => {
      await lockSlug(manager, command.slug);
      if (await slugTaken(manager, command.slug)) {
        throw new ConflictError(`A team with slug "${command.slug}" already exists`, { slug: command.slug });
      }
      const row = await insertTeamRequest(manager, {
        slug: command.slug,
        name: command.name,
        justification: command.justification,
        requester_subject: actor.subject,
        requester_email: actor.email ?? null,
      });
      if (!row) {
        throw new ConflictError(`Team "${command.slug}" has been asked for already`, { slug: command.slug });
      }
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.TeamRequested,
        subjectId: row.id,
        actor: actorOf(actor),
        payload: { ...this.summary(row), justification: row.justification },
      });
      return row;
    });
  }

  async approve(actor: Principal, id: string): Promise<TeamRequestRow> {
    assertDecides(actor);
    return this.dataSource.transaction(async (manager) => {
      const request = await this.openRequest(manager, actor, id);
      await lockSlug(manager, request.slug);
      // A platform admin may have created the slug directly since: the requester must not
      // become maintainer of someone else's team.
      if (await slugTaken(manager, request.slug)) {
        throw new ConflictError(`A team with slug "${request.slug}" exists already: reject the request`, {
          slug: request.slug,
        });
      }
      const membership = await this.memberships.grantWithin(manager, actor, {
        team: request.slug,
        subject: request.requester_subject,
        role: 'maintainer',
        approver: false,
      });
      const by = actorOf(actor);
      const approved = await decideTeamRequest(manager, request.id, {
        status: 'approved',
        by,
        reason: null,
        membershipId: membership.id,
      });
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.TeamRequestApproved,
        subjectId: request.id,
        actor: by,
        payload: { ...this.summary(request), membershipId: membership.id },
      });
      return approved;
    });
  }

  async reject(actor: Principal, input: unknown): Promise<TeamRequestRow> {
    assertDecides(actor);
    const command = parseInput(rejectTeamRequestRules, input);
    return this.dataSource.transaction(async (manager) => {
      const request = await this.openRequest(manager, actor, command.id);
      const by = actorOf(actor);
      const rejected = await decideTeamRequest(manager, request.id, {
        status: 'rejected',
        by,
        reason: command.reason,
        membershipId: null,
      });
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.TeamRequestRejected,
        subjectId: request.id,
        actor: by,
        payload: { ...this.summary(request), reason: command.reason },
      });
      return rejected;
    });
  }

  /** Every request for platform admins; anyone else sees their own. */
  list(actor: Principal, input: unknown): Promise<TeamRequestRow[]> {
    const query = parseInput(teamRequestListRules, input);
    const requester = isPlatformAdmin(actor) ? null : actor.subject;
    return selectTeamRequests(this.dataSource.manager, { ...query, requester });
  }

  private async openRequest(manager: EntityManager, actor: Principal, id: string): Promise<TeamRequestRow> {
    const request = isUuid(id) ? await lockTeamRequest(manager, id) : null;
    if (!request) throw new NotFoundError('TeamRequest', id);
    if (request.requester_subject === actor.subject) {
      throw new ForbiddenError('Nobody decides their own team request');
    }
    if (request.status !== 'open')
      throw new PreconditionFailedError(`The request is already ${request.status}`);
    return request;
  }

  private summary(request: TeamRequestRow) {
    return {
      requestId: request.id,
      slug: request.slug,
      name: request.name,
      requester: request.requester_subject,
    };
  }
}
