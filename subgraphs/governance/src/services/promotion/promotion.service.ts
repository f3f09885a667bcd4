import { isUuid } from '@cairn/database';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  parseInput,
} from '@cairn/errors';
import { type Guardrails, loadGuardrails } from '@cairn/guardrails';
import {
  actorOf,
  hasScope,
  hasTeamRole,
  hasTeamRoleAnywhere,
  isApproverAnywhere,
  isApproverFor,
  isPlatformAdmin,
  type Principal,
} from '@cairn/identity';
import type { KnownModelVersion, ModelDirectory } from '@cairn/model-directory';
import type { SignerHandle } from '@cairn/signing';
import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { Stage } from '../../entities/stage';
import { GovernanceEvents } from '../../events';
import type { StageTransitionService } from '../stage-transition.service';
import {
  type ApprovalPolicy,
  type ApprovalTally,
  approverProblem,
  DEFAULT_RISK_TIER,
  describeTally,
  type RiskTier,
  stageBefore,
  tallyApprovals,
} from './approval-rules';
import { decisionRecord, decisionRecordsFor, signAndStoreDecision } from './decision-record';
import { assembleEvidence, creationRecordOf, signatureEvidence } from './evidence';
import { type GuardrailEvaluationRow, insertEvaluation, latestEvaluations } from './guardrail-store';
import { ProductionRollbacks } from './production-rollbacks';
import {
  approvePromotionRules,
  promotionListRules,
  rejectPromotionRules,
  requestPromotionRules,
} from './promotion-input-rules';
import {
  type ApprovalPolicyRecord,
  approvalRolesOf,
  approvalsOf,
  closePromotionRequest,
  currentPolicies,
  currentPolicy,
  decisionsFor,
  insertDecision,
  insertPromotionRequest,
  lockExpiredRequests,
  lockPromotionRequest,
  type PromotionRequestRow,
  productionVersionOf,
  requestsForVersions,
  riskTierOf,
  riskTiersOf,
  selectOpenRequests,
  selectPromotionRequests,
} from './promotion-store';
import { summaryOf } from './request-summary';

export interface PromotionProgress {
  policy: ApprovalPolicyRecord;
  tally: ApprovalTally;
  summary: string;
}

/**
 * Promotion requests: a contributor asks for a version to move into STAGING or PRODUCTION; the
 * team's eligible approvers approve or reject it; when the approvals meet the policy of the
 * model's risk tier (bound to the version's manifest digest and the policy version in force),
 * the version moves in the same transaction, and a PRODUCTION version it replaces is
 * deprecated as superseded. Every step is an event.
 */
export class PromotionService {
  private readonly rollbacks: ProductionRollbacks;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ModelDirectory,
    private readonly transitions: StageTransitionService,
    private readonly options: { ttlHours: number; signer: SignerHandle },
  ) {
    this.rollbacks = new ProductionRollbacks(dataSource, directory, transitions, options);
  }

  async request(actor: Principal, input: unknown): Promise<PromotionRequestRow> {
    const command = parseInput(requestPromotionRules, input);
    if (!hasScope(actor, 'promote') || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError('Requesting a promotion needs the contributor role in the model’s team');
    }
    const version = await this.directory.getVisible(actor, command.modelVersionId);
    if (!hasTeamRole(actor, version.teamSlug, 'contributor')) {
      throw new ForbiddenError(
        `Requesting a promotion needs the contributor role in team "${version.teamSlug}"`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const stage = await this.transitions.currentStage(manager, version.id);
      const needed = stageBefore(command.targetStage);
      if (stage !== needed) {
        throw new PreconditionFailedError(
          `The version is ${stage}: a promotion to ${command.targetStage} starts from ${needed}`,
          { currentStage: stage, requiredStage: needed },
        );
      }
      const tier = await riskTierOf(manager, version.modelId);
      const policy = await currentPolicy(manager, tier, command.targetStage);
      const row = await insertPromotionRequest(manager, {
        model_version_id: version.id,
        model_id: version.modelId,
        team_slug: version.teamSlug,
        target_stage: command.targetStage,
        justification: command.justification,
        requested_by: actorOf(actor),
        manifest_digest: (await creationRecordOf(manager, version.id)).manifestDigest,
        risk_tier: tier,
        ttlHours: this.options.ttlHours,
      });
      if (!row) {
        throw new ConflictError(
          `The version already has an open request for ${command.targetStage}: withdraw it or wait for its answer`,
        );
      }
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.PromotionRequested,
        subjectId: row.id,
        actor: actorOf(actor),
        payload: {
          ...summaryOf(row, policy),
          justification: row.justification,
          expiresAt: row.expires_at.toISOString(),
        },
      });
      // The guardrails run at once; their evidence is recorded even when they fail.
      await this.runGuardrails(manager, row, version, tier, actorOf(actor));
      return row;
    });
  }

  /**
   * Runs the guardrails of an open request again (after new metrics, say), under the model's
   * current risk tier: whoever may ask for or decide it.
   */
  async rerunGuardrails(actor: Principal, id: string): Promise<PromotionRequestRow> {
    if (
      !hasScope(actor, 'promote') ||
      (!hasTeamRoleAnywhere(actor, 'contributor') && !isApproverAnywhere(actor))
    ) {
      throw new ForbiddenError(
        'Running guardrails needs the contributor or approver role in the model’s team',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const request = await this.lockVisible(actor, id, manager);
      if (!hasTeamRole(actor, request.team_slug, 'contributor') && !isApproverFor(actor, request.team_slug)) {
        throw new ForbiddenError(
          `Running guardrails needs the contributor or approver role in team "${request.team_slug}"`,
        );
      }
      assertOpen(request);
      const version = await this.directory.get(request.model_version_id, manager);
      const tier = await riskTierOf(manager, request.model_id);
      await this.runGuardrails(manager, request, version, tier, actorOf(actor));
      return request;
    });
  }

  private guardrails?: Promise<Guardrails>;

  private async runGuardrails(
    manager: EntityManager,
    request: PromotionRequestRow,
    version: Pick<KnownModelVersion, 'id' | 'modelId' | 'teamSlug'>,
    tier: RiskTier,
    by: string,
  ): Promise<GuardrailEvaluationRow> {
    this.guardrails ??= loadGuardrails().catch((error) => {
      this.guardrails = undefined;
      throw error;
    });
    const evidence = await assembleEvidence(manager, version);
    const decision = (await this.guardrails).evaluate(evidence, {
      riskTier: tier,
      targetStage: request.target_stage,
    });
    const evaluation = await insertEvaluation(manager, request.id, decision, evidence, by);
    await governanceEventLog.publish(manager, {
      type: GovernanceEvents.GuardrailsEvaluated,
      subjectId: request.id,
      actor: by,
      payload: {
        requestId: request.id,
        modelVersionId: request.model_version_id,
        bundleVersion: decision.bundleVersion,
        riskTier: tier,
        targetStage: request.target_stage,
        passed: decision.passed,
        failedChecks: decision.results.filter((r) => !r.passed).map((r) => r.check),
      },
    });
    return evaluation;
  }

  /** The signed decision records of completed requests, for the API. */
  decisionRecords(requestIds: readonly string[]) {
    return decisionRecordsFor(this.dataSource.manager, requestIds);
  }

  /** The latest guardrail evaluation of each request, for the API. */
  evaluations(requestIds: readonly string[]) {
    return latestEvaluations(this.dataSource.manager, requestIds);
  }

  async approve(actor: Principal, input: unknown): Promise<PromotionRequestRow> {
    const command = parseInput(approvePromotionRules, input);
    return this.decide(actor, command.id, async (manager, request, version, policy) => {
      // A rollback returns to a version approved for PRODUCTION before: its approvals are the gate.
      if (request.kind === 'PROMOTION') await assertGuardrailsPass(manager, request, policy);
      const by = actorOf(actor);
      const roles = await approvalRolesOf(manager, actorOf(actor));
      await this.recordDecision(manager, request, policy, by, 'APPROVE', command.comment, roles);
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.PromotionApproved,
        subjectId: request.id,
        actor: by,
        payload: {
          ...summaryOf(request, policy),
          approver: by,
          comment: command.comment,
          approvalRoles: roles,
        },
      });
      const tally = tallyApprovals(
        policy,
        request.manifest_digest,
        approvalsOf(await decisionsFor(manager, [request.id])),
      );
      if (!tally.met) return request;
      if (request.kind === 'ROLLBACK')
        return this.rollbacks.complete(manager, request, version, policy, tally, by);
      return this.complete(manager, request, version, policy, tally, by);
    });
  }

  async reject(actor: Principal, input: unknown): Promise<PromotionRequestRow> {
    const command = parseInput(rejectPromotionRules, input);
    return this.decide(actor, command.id, async (manager, request, _version, policy) => {
      const by = actorOf(actor);
      const roles = await approvalRolesOf(manager, actorOf(actor));
      await this.recordDecision(manager, request, policy, by, 'REJECT', command.reason, roles);
      const rejected = await closePromotionRequest(manager, request.id, {
        status: 'REJECTED',
        by,
        reason: command.reason,
      });
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.PromotionRejected,
        subjectId: request.id,
        actor: by,
        payload: { ...summaryOf(request, policy), rejectedBy: by, reason: command.reason },
      });
      return rejected;
    });
  }

  /** The requester takes their open request back. Someone else's is not theirs to withdraw. */
  async withdraw(actor: Principal, id: string): Promise<PromotionRequestRow> {
    return this.dataSource.transaction(async (manager) => {
      const request = await this.lockVisible(actor, id, manager);
      if (request.requested_by !== actorOf(actor)) {
        throw new ForbiddenError('Only whoever asked for a promotion withdraws it');
      }
      assertOpen(request);
      const policy = await currentPolicy(manager, request.risk_tier, request.target_stage);
      const withdrawn = await closePromotionRequest(manager, request.id, {
        status: 'WITHDRAWN',
        by: actorOf(actor),
        reason: null,
      });
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.PromotionWithdrawn,
        subjectId: request.id,
        actor: actorOf(actor),
        payload: summaryOf(request, policy),
      });
      return withdrawn;
    });
  }

  /** Closes open requests past their expiry (a periodic job); answers how many. */
  async expireDue(limit = 100): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due = await lockExpiredRequests(manager, limit);
      for (const request of due) {
        const policy = await currentPolicy(manager, request.risk_tier, request.target_stage);
        await closePromotionRequest(manager, request.id, {
          status: 'EXPIRED',
          by: 'cairn',
          reason: 'nobody decided it in time',
        });
        await governanceEventLog.publish(manager, {
          type: GovernanceEvents.PromotionExpired,
          subjectId: request.id,
          actor: 'cairn',
          payload: summaryOf(request, policy),
        });
      }
      return due.length;
    });
  }

  /** A request whose version the caller may see; NOT_FOUND otherwise. */
  async get(actor: Principal, id: string): Promise<PromotionRequestRow> {
    const [row] = isUuid(id) ? await selectPromotionRequests(this.dataSource.manager, [id]) : [];
    if (!row) throw new NotFoundError('PromotionRequest', id);
    await this.directory.getVisible(actor, row.model_version_id).catch(() => {
      throw new NotFoundError('PromotionRequest', id);
    });
    return row;
  }

  /**
   * What awaits the caller's decision: open requests of the teams they approve for (every team
   * for platform admins), except their own and those of versions they registered.
   */
  async inbox(actor: Principal, input: unknown): Promise<PromotionRequestRow[]> {
    const query = parseInput(promotionListRules, input);
    if (!isApproverAnywhere(actor)) return [];
    const teams = isPlatformAdmin(actor)
      ? 'all'
      : actor.memberships.filter((m) => m.approver).map((m) => m.team);
    const scoped = query.team ? (teams === 'all' || teams.includes(query.team) ? [query.team] : []) : teams;
    if (scoped !== 'all' && scoped.length === 0) return [];
    const open = await selectOpenRequests(this.dataSource.manager, scoped, query.first);
    const versions = await this.directory.getVisibleMany(
      actor,
      open.map((r) => r.model_version_id),
    );
    const me = actorOf(actor);
    const decided = new Set(
      (
        await decisionsFor(
          this.dataSource.manager,
          open.map((r) => r.id),
        )
      )
        .filter((d) => d.approver === me)
        .map((d) => d.request_id),
    );
    return open.filter(
      (request, i) =>
        versions[i] &&
        request.requested_by !== me &&
        versions[i]?.createdBy !== me &&
        !decided.has(request.id),
    );
  }

  /** See ProductionRollbacks.rollback. */
  rollback(actor: Principal, input: unknown): Promise<PromotionRequestRow> {
    return this.rollbacks.rollback(actor, input);
  }

  /** See ProductionRollbacks.rollBackTo (a rollout's automatic rollback calls it). */
  rollBackTo(
    manager: EntityManager,
    target: KnownModelVersion,
    reason: string,
    by: string,
    options: { immediately?: string } = {},
  ): Promise<PromotionRequestRow> {
    return this.rollbacks.rollBackTo(manager, target, reason, by, options);
  }

  /** For each request, the policy it is judged by now and how far its approvals go towards it. */
  async progressMany(requests: readonly PromotionRequestRow[]): Promise<PromotionProgress[]> {
    const manager = this.dataSource.manager;
    const tiers = await riskTiersOf(manager, [...new Set(requests.map((r) => r.model_id))]);
    const policies = await currentPolicies(manager);
    const decisions = await decisionsFor(
      manager,
      requests.map((r) => r.id),
    );
    return requests.map((request) => {
      const tier = tiers.get(request.model_id) ?? DEFAULT_RISK_TIER;
      // Every tier and target has a policy: the migration seeds them and none is ever deleted.
      const policy = policies.find((p) => p.riskTier === tier && p.targetStage === request.target_stage)!;
      const tally = tallyApprovals(
        policy,
        request.manifest_digest,
        approvalsOf(decisions.filter((d) => d.request_id === request.id)),
      );
      return { policy, tally, summary: describeTally(policy, tally) };
    });
  }

  decisions(requestIds: readonly string[]) {
    return decisionsFor(this.dataSource.manager, [...requestIds]);
  }

  requestsOfVersions(versionIds: readonly string[]) {
    return requestsForVersions(this.dataSource.manager, [...versionIds]);
  }

  /**
   * Locks the request, checks that the caller may decide it now, and runs `decision` with the
   * policy in force (the model's current tier, the latest policy version).
   */
  private async decide(
    actor: Principal,
    id: string,
    decision: (
      manager: EntityManager,
      request: PromotionRequestRow,
      version: KnownModelVersion,
      policy: ApprovalPolicy,
    ) => Promise<PromotionRequestRow>,
  ): Promise<PromotionRequestRow> {
    // Approvers of some team at least, before anything is looked up.
    if (!hasScope(actor, 'promote') || !isApproverAnywhere(actor)) {
      throw new ForbiddenError('Deciding a promotion request needs the approver role in the model’s team');
    }
    return this.dataSource.transaction(async (manager) => {
      const request = await this.lockVisible(actor, id, manager);
      const version = await this.directory.get(request.model_version_id, manager);
      if (!isApproverFor(actor, request.team_slug)) {
        throw new ForbiddenError(
          `Deciding a promotion request needs the approver role in team "${request.team_slug}"`,
        );
      }
      assertOpen(request);
      const tier = await riskTierOf(manager, request.model_id);
      const policy = await currentPolicy(manager, tier, request.target_stage);
      const problem = approverProblem(
        actorOf(actor),
        { requestedBy: request.requested_by, versionCreatedBy: version.createdBy },
        policy,
      );
      if (problem) throw new ForbiddenError(`You cannot decide this request: ${problem}`);
      return decision(manager, request, version, policy);
    });
  }

  private async lockVisible(actor: Principal, id: string, manager: EntityManager) {
    const request = isUuid(id) ? await lockPromotionRequest(manager, id) : null;
    if (!request) throw new NotFoundError('PromotionRequest', id);
    const [visible] = await this.directory.getVisibleMany(actor, [request.model_version_id], manager);
    // A request about a version the caller may not see is one that does not exist.
    if (!visible) throw new NotFoundError('PromotionRequest', id);
    return request;
  }

  private async recordDecision(
    manager: EntityManager,
    request: PromotionRequestRow,
    policy: ApprovalPolicy,
    approver: string,
    decision: 'APPROVE' | 'REJECT',
    comment: string | null,
    roles: string[],
  ) {
    const inserted = await insertDecision(manager, {
      request_id: request.id,
      approver,
      decision,
      comment,
      manifest_digest: request.manifest_digest,
      policy_id: policy.id,
      approval_roles: roles,
    });
    if (!inserted) throw new ConflictError('You already decided this request');
  }

  /** The policy is met: move the version, supersede the PRODUCTION version it replaces, close. */
  private async complete(
    manager: EntityManager,
    request: PromotionRequestRow,
    version: KnownModelVersion,
    policy: ApprovalPolicy,
    tally: ApprovalTally,
    by: string,
  ): Promise<PromotionRequestRow> {
    const target = request.target_stage === 'PRODUCTION' ? Stage.PRODUCTION : Stage.STAGING;
    const replaced =
      target === Stage.PRODUCTION ? await productionVersionOf(manager, version.modelId, version.id) : null;
    await this.transitions.move(manager, version, target, by, request.justification, {
      promotionRequestId: request.id,
    });
    if (replaced) {
      await this.transitions.move(
        manager,
        { id: replaced, modelId: version.modelId, teamSlug: version.teamSlug },
        Stage.DEPRECATED,
        by,
        `superseded by version ${version.version}`,
        { supersededBy: version.id, promotionRequestId: request.id },
      );
    }
    const approved = await closePromotionRequest(manager, request.id, {
      status: 'APPROVED',
      by,
      reason: describeTally(policy, tally),
    });
    // The decision is signed with the move: a record anyone can check later with the public key.
    const [guardrails] = await latestEvaluations(manager, [request.id]);
    const record = decisionRecord({
      request,
      policy,
      tally,
      decisions: await decisionsFor(manager, [request.id]),
      guardrails: guardrails!,
      decidedBy: by,
      decidedAt: approved.decided_at ?? new Date(),
    });
    await signAndStoreDecision(manager, request.id, record, this.options.signer);
    await governanceEventLog.publish(manager, {
      type: GovernanceEvents.PromotionCompleted,
      subjectId: request.id,
      actor: by,
      payload: { ...summaryOf(request, policy), approvers: tally.counted },
    });
    return approved;
  }
}

/**
 * An approval needs the guardrails to pass as they were last run, for the model's current tier:
 * a failure blocks the move and says why; a tier changed since asks for a re-run.
 */
async function assertGuardrailsPass(
  manager: EntityManager,
  request: PromotionRequestRow,
  policy: ApprovalPolicy,
) {
  const [latest] = await latestEvaluations(manager, [request.id]);
  if (!latest) {
    throw new PreconditionFailedError(
      'The guardrails have not run for this request: run them (rerunGuardrails)',
    );
  }
  if (latest.risk_tier !== policy.riskTier) {
    throw new PreconditionFailedError(
      `The guardrails ran for risk tier ${latest.risk_tier}, and the model is now ${policy.riskTier}: run them again (rerunGuardrails)`,
    );
  }
  if (!latest.passed) {
    const failed = latest.results.filter((r) => !r.passed).map((r) => `${r.check}: ${r.explanation}`);
    throw new PreconditionFailedError(`The guardrails fail, so it cannot be approved: ${failed.join('; ')}`, {
      failedChecks: latest.results.filter((r) => !r.passed).map((r) => r.check),
      bundleVersion: latest.bundle_version,
    });
  }
  // A key revoked since the guardrails ran takes its trust with it, whatever they said then.
  if (latest.evidence.signature.trusted) {
    const creation = await creationRecordOf(manager, request.model_version_id);
    const now = await signatureEvidence(manager, creation, request.team_slug);
    if (!now.valid || !now.trusted) {
      throw new PreconditionFailedError(
        `The signature the guardrails accepted is no longer trusted (${now.detail}): run them again (rerunGuardrails)`,
        { failedChecks: ['signature'], bundleVersion: latest.bundle_version },
      );
    }
  }
}

function assertOpen(request: PromotionRequestRow): void {
  if (request.status !== 'PENDING') {
    throw new PreconditionFailedError(`The request is already ${request.status}`, { status: request.status });
  }
  if (request.expires_at.getTime() <= Date.now()) {
    throw new PreconditionFailedError('The request has expired: ask again', { status: 'EXPIRED' });
  }
}
