import type { ModelDirectory } from '@cairn/model-directory';
import type { EntityManager } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { GovernanceEvents } from '../../events';
import type { PromotionService } from '../promotion/promotion.service';
import {
  endRollout,
  insertDecision,
  moveToNextStep,
  type RolloutRow,
  type RolloutWindowRow,
  trafficOf,
} from './rollout-store';

/** Who decides what the rules decided: Cairn itself, as for expiries. */
export const CAIRN = 'cairn';

export interface Decided {
  by: string;
  reason: string;
  /** The window whose verdict decided it; null for a manual decision. */
  window: RolloutWindowRow | null;
}

export function rolloutSummary(rollout: RolloutRow) {
  return {
    rolloutId: rollout.id,
    modelId: rollout.model_id,
    teamSlug: rollout.team_slug,
    candidateVersionId: rollout.candidate_version_id,
    baselineVersionId: rollout.baseline_version_id,
    trafficPercent: rollout.status === 'ROLLED_BACK' ? 0 : trafficOf(rollout),
  };
}

export function windowPayload(window: RolloutWindowRow) {
  return {
    windowId: window.id,
    start: window.window_start.toISOString(),
    end: window.window_end.toISOString(),
    trafficPercent: window.traffic_percent,
    candidate: {
      requests: window.candidate_requests,
      errors: window.candidate_errors,
      latencyP99Ms: window.candidate_latency_p99_ms,
    },
    baseline: {
      requests: window.baseline_requests,
      errors: window.baseline_errors,
      latencyP99Ms: window.baseline_latency_p99_ms,
    },
    verdict: window.verdict,
    findings: window.findings,
  };
}

/**
 * The decisions a rollout can take, inside the caller's transaction with the rollout locked:
 * each one is a decision record and an event in governance's log, so the audit chain and the
 * team's webhooks carry it.
 */
export class RolloutDecisions {
  constructor(
    private readonly directory: ModelDirectory,
    private readonly promotions: PromotionService,
  ) {}

  /** To the next step; reaching the last (100 %) completes the rollout. */
  async advance(manager: EntityManager, rollout: RolloutRow, decided: Decided): Promise<RolloutRow> {
    const from = trafficOf(rollout);
    const completing = rollout.step_index + 1 === rollout.steps.length - 1;
    const moved = completing
      ? await endRollout(manager, rollout.id, {
          status: 'COMPLETED',
          by: decided.by,
          reason: decided.reason,
          rollbackRequestId: null,
        })
      : await moveToNextStep(manager, rollout.id);
    await insertDecision(manager, {
      rollout_id: rollout.id,
      kind: completing ? 'COMPLETE' : 'ADVANCE',
      automatic: decided.window !== null,
      window_id: decided.window?.id ?? null,
      from_percent: from,
      to_percent: trafficOf(moved),
      reason: decided.reason,
      decided_by: decided.by,
    });
    await governanceEventLog.publish(manager, {
      type: completing ? GovernanceEvents.RolloutCompleted : GovernanceEvents.RolloutStepAdvanced,
      subjectId: rollout.id,
      actor: decided.by,
      payload: { ...rolloutSummary(moved), ...decisionPayload(from, decided) },
    });
    return moved;
  }

  /**
   * Ends the rollout and returns PRODUCTION to the baseline through the promotion service's
   * rollback (a ROLLBACK request, both moves, ProductionRolledBack, a signed decision record), at
   * once. When the candidate left PRODUCTION already (someone rolled back or promoted another
   * version meanwhile) there is nothing to restore: the rollout just ends.
   */
  async rollBack(
    manager: EntityManager,
    rollout: RolloutRow,
    decided: Decided,
    candidateInProduction: boolean,
  ): Promise<RolloutRow> {
    const from = trafficOf(rollout);
    let requestId: string | null = null;
    if (candidateInProduction) {
      const baseline = await this.directory.get(rollout.baseline_version_id, manager);
      const request = await this.promotions.rollBackTo(
        manager,
        baseline,
        `rollout ${rollout.id}: ${decided.reason}`,
        decided.by,
        {
          immediately:
            decided.window === null
              ? 'rolled back at once: the rollout was aborted'
              : 'rolled back at once: a canary window failed the rollout’s rules',
        },
      );
      requestId = request.id;
    }
    const ended = await endRollout(manager, rollout.id, {
      status: 'ROLLED_BACK',
      by: decided.by,
      reason: decided.reason,
      rollbackRequestId: requestId,
    });
    await insertDecision(manager, {
      rollout_id: rollout.id,
      kind: 'ROLLBACK',
      automatic: decided.window !== null,
      window_id: decided.window?.id ?? null,
      from_percent: from,
      to_percent: 0,
      reason: decided.reason,
      decided_by: decided.by,
    });
    await governanceEventLog.publish(manager, {
      type: GovernanceEvents.RolloutRolledBack,
      subjectId: rollout.id,
      actor: decided.by,
      payload: { ...rolloutSummary(ended), ...decisionPayload(from, decided), rollbackRequestId: requestId },
    });
    return ended;
  }
}

function decisionPayload(from: number, decided: Decided) {
  return {
    automatic: decided.window !== null,
    fromPercent: from,
    reason: decided.reason,
    window: decided.window ? windowPayload(decided.window) : null,
  };
}
