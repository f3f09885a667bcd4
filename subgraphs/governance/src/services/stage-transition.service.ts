import { ForbiddenError, PreconditionFailedError, parseInput } from '@cairn/errors';
import { actorOf, hasScope, hasTeamRole, hasTeamRoleAnywhere, type Principal } from '@cairn/identity';
import type { KnownModelVersion, ModelDirectory } from '@cairn/model-directory';
import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../data-source';
import { Stage } from '../entities/stage';
import { StageTransition } from '../entities/stage-transition.entity';
import { GovernanceEvents } from '../events';
import { assertTransitionAllowed, INITIAL_STAGE } from './stage-rules';
import { transitionStageRules } from './transition-input-rules';

export class StageTransitionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ModelDirectory,
  ) {}

  /**
   * Moves a version one step along the chain and records it; returns the recorded transition.
   * Only the moves no approval guards: STAGING and PRODUCTION are reached through an approved
   * promotion request (`PromotionService`).
   */
  async transition(actor: Principal, input: unknown): Promise<StageTransition> {
    const command = parseInput(transitionStageRules, input);
    if (command.to === Stage.STAGING || command.to === Stage.PRODUCTION) {
      throw new PreconditionFailedError(
        `A version moves to ${command.to} only through an approved promotion request: use requestPromotion`,
        { requestedStage: command.to },
      );
    }
    // Rights first, as far as they can be told without the version: a caller who holds the
    // right in no team learns nothing about which versions exist.
    if (!hasScope(actor, 'write') || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError(
        `Moving a model version to ${command.to} needs the contributor role in its team`,
      );
    }
    // NOT_FOUND for a version the caller may not see, before any word about their role in its team.
    const version = await this.directory.getVisible(actor, command.modelVersionId);
    if (!hasTeamRole(actor, version.teamSlug, 'contributor')) {
      throw new ForbiddenError(
        `Moving a model version to ${command.to} needs the contributor role in team "${version.teamSlug}"`,
      );
    }
    return this.dataSource.transaction((manager) =>
      this.move(manager, version, command.to, actorOf(actor), command.reason),
    );
  }

  /**
   * Moves `version` to `to` inside the caller's transaction, after checking that it is the next
   * stage under the version's row lock; records the transition and publishes it.
   */
  async move(
    manager: EntityManager,
    version: Pick<KnownModelVersion, 'id' | 'modelId' | 'teamSlug'>,
    to: Stage,
    actor: string,
    reason: string | null,
    links: { promotionRequestId?: string; supersededBy?: string } = {},
    options: { rollback?: boolean } = {},
  ): Promise<StageTransition> {
    const from = await this.lockCurrentStage(manager, version.id, actor);
    // A rollback is the one move back along the chain: a DEPRECATED version returns to PRODUCTION.
    const rollingBack = options.rollback === true && from === Stage.DEPRECATED && to === Stage.PRODUCTION;
    if (!rollingBack) assertTransitionAllowed(from, to);
    await manager.query(
      `/* setModelVersionStage */ UPDATE governance.model_version_stage
          SET stage = $2, updated_at = clock_timestamp(), updated_by = $3
        WHERE model_version_id = $1`,
      [version.id, to, actor],
    );
    const transition = await manager.save(
      manager.create(StageTransition, {
        modelVersionId: version.id,
        fromStage: from,
        toStage: to,
        reason,
        actor,
      }),
    );
    await governanceEventLog.publish(manager, {
      type: GovernanceEvents.StageTransitioned,
      subjectId: version.id,
      actor,
      payload: {
        modelVersionId: version.id,
        modelId: version.modelId,
        teamSlug: version.teamSlug,
        from,
        to,
        reason,
        ...links,
      },
    });
    return transition;
  }

  /** The version's stage, read without a lock (DEVELOPMENT until first moved). */
  async currentStage(manager: EntityManager, modelVersionId: string): Promise<Stage> {
    const rows: { stage: Stage }[] = await manager.query(
      `/* selectModelVersionStage */ SELECT stage FROM governance.model_version_stage WHERE model_version_id = $1`,
      [modelVersionId],
    );
    return rows[0]?.stage ?? INITIAL_STAGE;
  }

  /**
   * Lock order: the version's stage row first, then history and event log. The row is created
   * (as DEVELOPMENT) before it is locked so that even a version's first move has a row to lock:
   * concurrent movers queue on it, and each one after the first reads the stage its predecessor
   * committed, so two moves can never both start from the same stage. A failed move rolls the
   * insert back with everything else.
   */
  private async lockCurrentStage(
    manager: EntityManager,
    modelVersionId: string,
    actor: string,
  ): Promise<Stage> {
    await manager.query(
      `/* ensureModelVersionStage */ INSERT INTO governance.model_version_stage (model_version_id, stage, updated_by)
       VALUES ($1, $2, $3) ON CONFLICT (model_version_id) DO NOTHING`,
      [modelVersionId, INITIAL_STAGE, actor],
    );
    const rows: { stage: Stage }[] = await manager.query(
      `/* lockModelVersionStage */ SELECT stage FROM governance.model_version_stage
        WHERE model_version_id = $1 FOR UPDATE`,
      [modelVersionId],
    );
    return rows[0]!.stage;
  }
}
