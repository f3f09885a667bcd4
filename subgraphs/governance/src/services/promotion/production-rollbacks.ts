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
  hasTeamRoleAnywhere,
  isApproverAnywhere,
  isApproverFor,
  type Principal,
} from '@cairn/identity';
import type { KnownModelVersion, ModelDirectory } from '@cairn/model-directory';
import type { SignerHandle } from '@cairn/signing';
import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { Stage } from '../../entities/stage';
import { GovernanceEvents } from '../../events';
import { someVersionOfModel } from '../access-requests/access-request-store';
import type { StageTransitionService } from '../stage-transition.service';
import { type ApprovalPolicy, type ApprovalTally, describeTally } from './approval-rules';
import { decisionRecord, signAndStoreDecision } from './decision-record';
import { creationRecordOf } from './evidence';
import { rollbackProductionRules } from './promotion-input-rules';
import {
  closePromotionRequest,
  currentPolicy,
  decisionsFor,
  insertPromotionRequest,
  type PromotionRequestRow,
  previousApprovedVersion,
  productionVersionOf,
  riskTierOf,
  wasApprovedForProduction,
} from './promotion-store';
import { summaryOf } from './request-summary';

/**
 * Rollbacks of a model's PRODUCTION version: asked for by people (maintainers and approvers),
 * decided by a rollout that failed, or completed when an approver approves a ROLLBACK request.
 * Each is a promotion request of kind ROLLBACK, published, and signed like any decision.
 */
export class ProductionRollbacks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ModelDirectory,
    private readonly transitions: StageTransitionService,
    private readonly options: { ttlHours: number; signer: SignerHandle },
  ) {}

  /**
   * Returns a model's PRODUCTION to the version it replaced (or `toVersionId`, which must have been
   * approved for PRODUCTION before and be DEPRECATED now): maintainers and approvers of the team.
   * When the tier's PRODUCTION policy says a rollback needs approval it is a request like a
   * promotion; otherwise it happens at once. Either way it is recorded, signed and published.
   */
  async rollback(actor: Principal, input: unknown): Promise<PromotionRequestRow> {
    const command = parseInput(rollbackProductionRules, input);
    const mayRollBack = (team?: string) =>
      team === undefined
        ? isApproverAnywhere(actor) || hasTeamRoleAnywhere(actor, 'maintainer')
        : isApproverFor(actor, team) || hasTeamRole(actor, team, 'maintainer');
    if (!hasScope(actor, 'promote') || !mayRollBack()) {
      throw new ForbiddenError('Rolling back needs the approver or maintainer role in the model’s team');
    }
    return this.dataSource.transaction(async (manager) => {
      const someVersion = isUuid(command.modelId)
        ? await someVersionOfModel(manager, command.modelId.toLowerCase())
        : null;
      const [known] = someVersion ? await this.directory.getVisibleMany(actor, [someVersion], manager) : [];
      if (!known) throw new NotFoundError('Model', command.modelId);
      if (!mayRollBack(known.teamSlug)) {
        throw new ForbiddenError(
          `Rolling back needs the approver or maintainer role in team "${known.teamSlug}"`,
        );
      }
      const current = await productionVersionOf(manager, known.modelId);
      if (!current)
        throw new PreconditionFailedError('No version of the model is in PRODUCTION: nothing to roll back');
      const targetId = command.toVersionId
        ? await this.rollbackTarget(manager, actor, known.modelId, command.toVersionId)
        : await previousApprovedVersion(manager, known.modelId, current);
      if (!targetId) {
        throw new PreconditionFailedError(
          'The model has no earlier approved PRODUCTION version to return to',
        );
      }
      if (targetId === current) throw new PreconditionFailedError('That version is in PRODUCTION already');
      const target = await this.directory.get(targetId, manager);
      return this.rollBackTo(manager, target, command.reason, actorOf(actor));
    });
  }

  /**
   * Inside the caller's transaction: opens a ROLLBACK request returning `target` (a DEPRECATED
   * version approved for PRODUCTION before) to PRODUCTION, published like any request, and
   * completes it at once unless the tier's policy makes rollbacks wait for approval. A rollout's
   * automatic rollback passes `immediately` with the reason it decided, since nobody is there
   * to approve: the canary already failed, and the target was approved for PRODUCTION before.
   */
  async rollBackTo(
    manager: EntityManager,
    target: KnownModelVersion,
    reason: string,
    by: string,
    options: { immediately?: string } = {},
  ): Promise<PromotionRequestRow> {
    const tier = await riskTierOf(manager, target.modelId);
    const policy = await currentPolicy(manager, tier, 'PRODUCTION');
    const row = await insertPromotionRequest(manager, {
      model_version_id: target.id,
      model_id: target.modelId,
      team_slug: target.teamSlug,
      target_stage: 'PRODUCTION',
      justification: reason,
      requested_by: by,
      manifest_digest: (await creationRecordOf(manager, target.id)).manifestDigest,
      risk_tier: tier,
      ttlHours: this.options.ttlHours,
      kind: 'ROLLBACK',
    });
    if (!row) throw new ConflictError('A request to return this version to PRODUCTION is already open');
    await governanceEventLog.publish(manager, {
      type: GovernanceEvents.PromotionRequested,
      subjectId: row.id,
      actor: by,
      payload: {
        ...summaryOf(row, policy),
        justification: row.justification,
        expiresAt: row.expires_at.toISOString(),
      },
    });
    if (policy.rollbackNeedsApproval && options.immediately === undefined) return row;
    const tally = { met: true, counted: [], stale: [], missingRoles: [], remaining: 0 };
    return this.complete(manager, row, target, policy, tally, by, options.immediately);
  }

  private async rollbackTarget(manager: EntityManager, actor: Principal, modelId: string, versionId: string) {
    const [version] = isUuid(versionId)
      ? await this.directory.getVisibleMany(actor, [versionId], manager)
      : [];
    if (!version || version.modelId !== modelId) throw new NotFoundError('ModelVersion', versionId);
    if (!(await wasApprovedForProduction(manager, version.id))) {
      throw new PreconditionFailedError(
        `Version ${version.version} was never approved for PRODUCTION: promote it instead of rolling back to it`,
      );
    }
    return version.id;
  }

  /**
   * PRODUCTION goes back: the current version to DEPRECATED, the target to PRODUCTION; signed.
   * Also how an approved ROLLBACK request completes.
   */
  async complete(
    manager: EntityManager,
    request: PromotionRequestRow,
    target: KnownModelVersion,
    policy: ApprovalPolicy,
    tally: ApprovalTally,
    by: string,
    because?: string,
  ): Promise<PromotionRequestRow> {
    const current = await productionVersionOf(manager, target.modelId, target.id);
    if (current) {
      await this.transitions.move(
        manager,
        { id: current, modelId: target.modelId, teamSlug: target.teamSlug },
        Stage.DEPRECATED,
        by,
        `rolled back to version ${target.version}: ${request.justification}`,
        { promotionRequestId: request.id },
      );
    }
    await this.transitions.move(
      manager,
      target,
      Stage.PRODUCTION,
      by,
      `rollback: ${request.justification}`,
      { promotionRequestId: request.id },
      { rollback: true },
    );
    const approved = await closePromotionRequest(manager, request.id, {
      status: 'APPROVED',
      by,
      reason:
        because ??
        (tally.counted.length > 0
          ? describeTally(policy, tally)
          : 'rolled back at once: the policy asks no approval'),
    });
    await governanceEventLog.publish(manager, {
      type: GovernanceEvents.ProductionRolledBack,
      subjectId: request.id,
      actor: by,
      payload: {
        requestId: request.id,
        modelId: target.modelId,
        teamSlug: target.teamSlug,
        fromVersionId: current ?? target.id,
        toVersionId: target.id,
        reason: request.justification,
      },
    });
    const record = decisionRecord({
      request,
      policy,
      tally,
      decisions: await decisionsFor(manager, [request.id]),
      guardrails: null,
      decidedBy: by,
      decidedAt: approved.decided_at ?? new Date(),
    });
    await signAndStoreDecision(manager, request.id, record, this.options.signer);
    return approved;
  }
}
