import { ForbiddenError, parseInput } from '@cairn/errors';
import {
  actorOf,
  hasScope,
  hasTeamRole,
  hasTeamRoleAnywhere,
  isApproverAnywhere,
  isApproverFor,
  type Principal,
} from '@cairn/identity';
import type { ModelDirectory } from '@cairn/model-directory';
import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../data-source';
import { Stage } from '../entities/stage';
import { StageTransition } from '../entities/stage-transition.entity';
import { GovernanceEvents } from '../events';
import { assertTransitionAllowed, INITIAL_STAGE, roleRequiredFor, selfApprovalProblem } from './stage-rules';
import { transitionStageRules } from './transition-input-rules';

export class StageTransitionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ModelDirectory,
  ) {}

  /** Moves a version one step along the chain and records it; returns the recorded transition. */
  async transition(actor: Principal, input: unknown): Promise<StageTransition> {
    const command = parseInput(transitionStageRules, input);
    // Rights first, as far as they can be told without the version: a caller who holds the
    // right in no team learns nothing about which versions exist.
    const role = roleRequiredFor(command.to);
    const holds = (team?: string) => {
      if (role === 'approver')
        return team === undefined ? isApproverAnywhere(actor) : isApproverFor(actor, team);
      return team === undefined
        ? hasTeamRoleAnywhere(actor, 'contributor')
        : hasTeamRole(actor, team, 'contributor');
    };
    const scope = command.to === Stage.STAGING || command.to === Stage.PRODUCTION ? 'promote' : 'write';
    if (!hasScope(actor, scope) || !holds()) {
      throw new ForbiddenError(`Moving a model version to ${command.to} needs the ${role} role in its team`);
    }
    // NOT_FOUND for a version the caller may not see, before any word about their role in its team.
    const version = await this.directory.getVisible(actor, command.modelVersionId);
    if (!holds(version.teamSlug)) {
      throw new ForbiddenError(
        `Moving a model version to ${command.to} needs the ${role} role in team "${version.teamSlug}"`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const from = await this.lockCurrentStage(manager, version.id, actorOf(actor));
      assertTransitionAllowed(from, command.to);
      const selfApproval = selfApprovalProblem(actorOf(actor), command.to, {
        createdBy: version.createdBy,
        stagedBy: await this.stagedBy(manager, version.id),
      });
      if (selfApproval) throw new ForbiddenError(`Cannot promote to PRODUCTION: ${selfApproval}`);
      await manager.query(
        `/* setModelVersionStage */ UPDATE governance.model_version_stage
            SET stage = $2, updated_at = clock_timestamp(), updated_by = $3
          WHERE model_version_id = $1`,
        [version.id, command.to, actorOf(actor)],
      );
      const transition = await manager.save(
        manager.create(StageTransition, {
          modelVersionId: version.id,
          fromStage: from,
          toStage: command.to,
          reason: command.reason,
          actor: actorOf(actor),
        }),
      );
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.StageTransitioned,
        subjectId: version.id,
        actor: actorOf(actor),
        payload: {
          modelVersionId: version.id,
          modelId: version.modelId,
          teamSlug: version.teamSlug,
          from,
          to: command.to,
          reason: command.reason,
        },
      });
      return transition;
    });
  }

  /** Who moved the version to STAGING most recently (read under the stage row's lock). */
  private async stagedBy(manager: EntityManager, modelVersionId: string): Promise<string | null> {
    const rows: { actor: string }[] = await manager.query(
      `/* stagedBy */ SELECT actor FROM governance.stage_transition
        WHERE model_version_id = $1 AND to_stage = 'STAGING' ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      [modelVersionId],
    );
    return rows[0]?.actor ?? null;
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
