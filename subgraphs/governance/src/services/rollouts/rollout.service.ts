import { isUuid } from '@cairn/database';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
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
import type { ModelDirectory } from '@cairn/model-directory';
import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { Stage } from '../../entities/stage';
import { GovernanceEvents } from '../../events';
import { someVersionOfModel } from '../access-requests/access-request-store';
import { previousApprovedVersion } from '../promotion/promotion-store';
import type { StageTransitionService } from '../stage-transition.service';
import { CAIRN, type RolloutDecisions, rolloutSummary, windowPayload } from './rollout-decisions';
import {
  abortRolloutRules,
  advanceRolloutRules,
  CLOCK_SKEW_MS,
  judgeWindow,
  reportServingMetricsRules,
  startRolloutRules,
} from './rollout-rules';
import {
  decisionsOf,
  hasCompletedRollout,
  insertRollout,
  insertWindow,
  lastWindowEnd,
  lockRollout,
  type RolloutRow,
  type RolloutWindowRow,
  rolloutsOfModels,
  rulesOf,
  selectRollouts,
  windowsOf,
} from './rollout-store';

/** A serving system's token reports windows with this scope instead of `write`. */
export const SERVING_REPORT_SCOPE = 'serving:report' as const;

export interface ServingMetricsReport {
  rollout: RolloutRow;
  window: RolloutWindowRow;
  /** What the window decided: null when it could not be judged (too few requests). */
  decision: 'ADVANCE' | 'COMPLETE' | 'ROLLBACK' | null;
}

/**
 * Canary rollouts: once an approved promotion made a version PRODUCTION, replacing another, the
 * team rolls the new one (the candidate) out in traffic steps against the old one (the
 * baseline). Serving systems report a window per step; a window that passes the rules moves
 * the rollout on, one that fails rolls PRODUCTION back to the baseline at once, and one with
 * too few requests decides nothing. Every rollout of a model is judged under its row lock.
 */
export class RolloutService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ModelDirectory,
    private readonly transitions: StageTransitionService,
    private readonly decisions: RolloutDecisions,
  ) {}

  async start(actor: Principal, input: unknown): Promise<RolloutRow> {
    if (!hasScope(actor, 'promote') || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError('Starting a rollout needs the contributor role in the model’s team');
    }
    const command = parseInput(startRolloutRules, input);
    return this.dataSource.transaction(async (manager) => {
      const candidate = await this.directory.getForTeamMember(
        actor,
        command.modelVersionId,
        'start a rollout of this version',
        manager,
      );
      const stage = await this.transitions.currentStage(manager, candidate.id);
      if (stage !== Stage.PRODUCTION) {
        throw new PreconditionFailedError(
          `The version is ${stage}: a rollout starts once an approved promotion made it PRODUCTION`,
          { currentStage: stage },
        );
      }
      // The baseline is what a rollback would return to: the PRODUCTION version it replaced.
      const baseline = await previousApprovedVersion(manager, candidate.modelId, candidate.id);
      if (!baseline) {
        throw new PreconditionFailedError(
          'The version replaced no earlier PRODUCTION version: there is nothing to compare it with',
        );
      }
      if (await hasCompletedRollout(manager, candidate.id)) {
        throw new PreconditionFailedError('A rollout of this version completed already');
      }
      const by = actorOf(actor);
      const row = await insertRollout(manager, {
        model_id: candidate.modelId,
        team_slug: candidate.teamSlug,
        candidate_version_id: candidate.id,
        baseline_version_id: baseline,
        steps: command.strategy.steps,
        window_minutes: command.strategy.windowMinutes,
        rules: command.strategy.rules,
        startedBy: by,
      });
      if (!row) throw new ConflictError('The model has a rollout in progress: complete or abort it first');
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.RolloutStarted,
        subjectId: row.id,
        actor: by,
        payload: {
          ...rolloutSummary(row),
          steps: row.steps,
          windowMinutes: row.window_minutes,
          rules: rulesOf(row),
          startedBy: by,
        },
      });
      return row;
    });
  }

  /** Records a window of the current step and acts on its verdict. */
  async report(actor: Principal, input: unknown): Promise<ServingMetricsReport> {
    const mayReport = hasScope(actor, 'write') || hasScope(actor, SERVING_REPORT_SCOPE);
    if (!mayReport || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError(
        `Reporting serving metrics needs the contributor role in the model’s team and the write or ${SERVING_REPORT_SCOPE} scope`,
      );
    }
    const command = parseInput(reportServingMetricsRules, input);
    return this.dataSource.transaction(async (manager) => {
      const rollout = await this.lockVisible(actor, command.rolloutId, manager);
      if (!hasTeamRole(actor, rollout.team_slug, 'contributor')) {
        throw new ForbiddenError(`Only contributors of team "${rollout.team_slug}" report serving metrics`);
      }
      assertInProgress(rollout);
      await this.assertWindowFits(manager, rollout, command.window);
      const judgement = judgeWindow(rulesOf(rollout), command.candidate, command.baseline);
      const observed = { ...command.window, candidate: command.candidate, baseline: command.baseline };
      const window = await insertWindow(manager, rollout, observed, judgement, actorOf(actor));
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.RolloutWindowReported,
        subjectId: rollout.id,
        actor: actorOf(actor),
        payload: { ...rolloutSummary(rollout), window: windowPayload(window) },
      });
      if (judgement.verdict === 'INSUFFICIENT') return { rollout, window, decision: null };
      const inProduction = await this.candidateInProduction(manager, rollout);
      if (judgement.verdict === 'FAIL' || !inProduction) {
        const reason = inProduction
          ? `the ${window.traffic_percent} % window failed: ${judgement.findings.join('; ')}`
          : 'the candidate is no longer in PRODUCTION';
        const ended = await this.decisions.rollBack(
          manager,
          rollout,
          { by: CAIRN, reason, window },
          inProduction,
        );
        return { rollout: ended, window, decision: 'ROLLBACK' };
      }
      const reason = `the ${window.traffic_percent} % window passed its rules`;
      const moved = await this.decisions.advance(manager, rollout, { by: CAIRN, reason, window });
      return { rollout: moved, window, decision: moved.status === 'COMPLETED' ? 'COMPLETE' : 'ADVANCE' };
    });
  }

  /** Moves on without waiting for a window: contributors of the team, with a reason if they like. */
  async advance(actor: Principal, input: unknown): Promise<RolloutRow> {
    if (!hasScope(actor, 'promote') || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError('Advancing a rollout needs the contributor role in the model’s team');
    }
    const command = parseInput(advanceRolloutRules, input);
    return this.dataSource.transaction(async (manager) => {
      const rollout = await this.lockVisible(actor, command.id, manager);
      if (!hasTeamRole(actor, rollout.team_slug, 'contributor')) {
        throw new ForbiddenError(`Only contributors of team "${rollout.team_slug}" advance its rollouts`);
      }
      assertInProgress(rollout);
      if (!(await this.candidateInProduction(manager, rollout))) {
        throw new PreconditionFailedError('The candidate is no longer in PRODUCTION: abort the rollout');
      }
      const reason = command.reason ?? 'advanced by hand';
      return this.decisions.advance(manager, rollout, { by: actorOf(actor), reason, window: null });
    });
  }

  /**
   * Stops the rollout and returns PRODUCTION to the baseline at once: approvers and maintainers
   * of the team, who may roll PRODUCTION back by hand anyway.
   */
  async abort(actor: Principal, input: unknown): Promise<RolloutRow> {
    const mayAbort = (team?: string) =>
      team === undefined
        ? isApproverAnywhere(actor) || hasTeamRoleAnywhere(actor, 'maintainer')
        : isApproverFor(actor, team) || hasTeamRole(actor, team, 'maintainer');
    if (!hasScope(actor, 'promote') || !mayAbort()) {
      throw new ForbiddenError(
        'Aborting a rollout needs the approver or maintainer role in the model’s team',
      );
    }
    const command = parseInput(abortRolloutRules, input);
    return this.dataSource.transaction(async (manager) => {
      const rollout = await this.lockVisible(actor, command.id, manager);
      if (!mayAbort(rollout.team_slug)) {
        throw new ForbiddenError(
          `Aborting a rollout needs the approver or maintainer role in team "${rollout.team_slug}"`,
        );
      }
      assertInProgress(rollout);
      const inProduction = await this.candidateInProduction(manager, rollout);
      return this.decisions.rollBack(
        manager,
        rollout,
        { by: actorOf(actor), reason: command.reason, window: null },
        inProduction,
      );
    });
  }

  /** A rollout whose candidate the caller may see; NOT_FOUND otherwise. */
  async get(actor: Principal, id: string): Promise<RolloutRow> {
    const [row] = isUuid(id) ? await selectRollouts(this.dataSource.manager, [id.toLowerCase()]) : [];
    const [visible] = row ? await this.directory.getVisibleMany(actor, [row.candidate_version_id]) : [null];
    if (!row || !visible) throw new NotFoundError('Rollout', id);
    return row;
  }

  /** A model's rollouts, newest first: NOT_FOUND for a model with no version the caller may see. */
  async listForModel(actor: Principal, modelId: string): Promise<RolloutRow[]> {
    const manager = this.dataSource.manager;
    const someVersion = isUuid(modelId) ? await someVersionOfModel(manager, modelId.toLowerCase()) : null;
    const [known] = someVersion ? await this.directory.getVisibleMany(actor, [someVersion]) : [null];
    if (!known) throw new NotFoundError('Model', modelId);
    return rolloutsOfModels(manager, [known.modelId]);
  }

  /** Each model's rollouts, newest first; callers check the model is visible first. */
  rolloutsOfModels(modelIds: readonly string[]) {
    return rolloutsOfModels(this.dataSource.manager, modelIds);
  }

  windows(rolloutIds: readonly string[]) {
    return windowsOf(this.dataSource.manager, rolloutIds);
  }

  decisionsOf(rolloutIds: readonly string[]) {
    return decisionsOf(this.dataSource.manager, rolloutIds);
  }

  private async lockVisible(actor: Principal, id: string, manager: EntityManager): Promise<RolloutRow> {
    const rollout = isUuid(id) ? await lockRollout(manager, id.toLowerCase()) : null;
    if (!rollout) throw new NotFoundError('Rollout', id);
    const [visible] = await this.directory.getVisibleMany(actor, [rollout.candidate_version_id], manager);
    // A rollout of a version the caller may not see is one that does not exist.
    if (!visible) throw new NotFoundError('Rollout', id);
    return rollout;
  }

  private async candidateInProduction(manager: EntityManager, rollout: RolloutRow): Promise<boolean> {
    return (await this.transitions.currentStage(manager, rollout.candidate_version_id)) === Stage.PRODUCTION;
  }

  /**
   * A window is at least the strategy's length, follows the previous one without overlapping
   * (each request is judged once) and has ended, give or take the serving system's clock.
   */
  private async assertWindowFits(
    manager: EntityManager,
    rollout: RolloutRow,
    window: { start: Date; end: Date },
  ) {
    const minutes = (window.end.getTime() - window.start.getTime()) / 60_000;
    if (minutes < rollout.window_minutes) {
      throw InvalidInputError.field(
        'window.end',
        `the window spans ${minutes.toFixed(1)} minutes; the rollout judges windows of at least ${rollout.window_minutes}`,
      );
    }
    if (window.end.getTime() > Date.now() + CLOCK_SKEW_MS) {
      throw InvalidInputError.field('window.end', 'the window has not ended yet');
    }
    const previous = await lastWindowEnd(manager, rollout.id);
    if (previous && window.start < previous) {
      throw InvalidInputError.field(
        'window.start',
        `the window overlaps the previous one, which ended at ${previous.toISOString()}`,
      );
    }
  }
}

function assertInProgress(rollout: RolloutRow): void {
  if (rollout.status !== 'IN_PROGRESS') {
    throw new PreconditionFailedError(`The rollout is already ${rollout.status}`, { status: rollout.status });
  }
}
