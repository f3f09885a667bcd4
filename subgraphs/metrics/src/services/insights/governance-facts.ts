import type { StoredEvent } from '@cairn/event-log';
import { governanceEvents } from '@cairn/events';
import type { EntityManager } from 'typeorm';
import { countIfFirst } from './insights-weekly';
import { applyTeamRequestEvent, isTeamRequestEvent } from './team-request-facts';

/** The guardrail check whose failure counts as a failing evaluation (`policies/metrics.rego`). */
export const EVALUATION_CHECK = 'metrics';

/**
 * Applies one event of governance's log: stages, risk tiers, promotion requests, guardrail
 * runs and team requests. Throws `MalformedEventError` for an event breaking the contract (quarantined).
 */
export async function applyGovernanceEvent(manager: EntityManager, event: StoredEvent): Promise<void> {
  if (!governanceEvents.has(event.type)) return;
  const parsed = governanceEvents.parse(event);
  const position = event.position.id;
  const at = event.occurredAt;
  if (isTeamRequestEvent(parsed)) return applyTeamRequestEvent(manager, parsed, at);
  switch (parsed.type) {
    case 'governance.StageTransitioned': {
      const p = parsed.payload;
      await manager.query(
        `/* insightsStage */ INSERT INTO metrics.insights_version AS v
           (model_version_id, model_id, team_slug, stage, stage_position, promoted_by_request)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (model_version_id) DO UPDATE
           SET stage = EXCLUDED.stage, stage_position = EXCLUDED.stage_position,
               promoted_by_request = EXCLUDED.promoted_by_request
         WHERE v.stage_position < EXCLUDED.stage_position`,
        [p.modelVersionId, p.modelId, p.teamSlug, p.to, position, p.promotionRequestId !== undefined],
      );
      if (p.promotionRequestId && (p.to === 'PRODUCTION' || p.to === 'STAGING')) {
        await manager.query(
          `/* insightsPromotionLive */ INSERT INTO metrics.insights_promotion AS r
             (request_id, model_version_id, model_id, team_slug, target_stage, live_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (request_id) DO UPDATE SET live_at = EXCLUDED.live_at WHERE r.live_at IS NULL`,
          [p.promotionRequestId, p.modelVersionId, p.modelId, p.teamSlug, p.to, at],
        );
      }
      return;
    }
    case 'governance.RiskTierChanged': {
      const p = parsed.payload;
      await manager.query(
        `/* insightsRiskTier */ INSERT INTO metrics.insights_model AS m
           (model_id, team_slug, risk_tier, risk_tier_position) VALUES ($1, $2, $3, $4)
         ON CONFLICT (model_id) DO UPDATE
           SET risk_tier = EXCLUDED.risk_tier, risk_tier_position = EXCLUDED.risk_tier_position
         WHERE m.risk_tier_position < EXCLUDED.risk_tier_position`,
        [p.modelId, p.teamSlug, p.to, position],
      );
      return;
    }
    case 'governance.PromotionRequested': {
      const p = parsed.payload;
      return countIfFirst(
        manager,
        `/* insightsPromotionRequested */ INSERT INTO metrics.insights_promotion AS r
           (request_id, model_version_id, model_id, team_slug, target_stage, kind, requested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (request_id) DO UPDATE
           SET requested_at = EXCLUDED.requested_at, kind = EXCLUDED.kind,
               model_version_id = EXCLUDED.model_version_id, target_stage = EXCLUDED.target_stage
         WHERE r.requested_at IS NULL
         RETURNING request_id`,
        [p.requestId, p.modelVersionId, p.modelId, p.teamSlug, p.targetStage, p.kind ?? 'PROMOTION', at],
        { team: p.teamSlug, figure: 'promotions_requested', at },
      );
    }
    case 'governance.PromotionApproved': {
      const p = parsed.payload;
      await manager.query(
        `/* insightsPromotionApproved */ INSERT INTO metrics.insights_promotion AS r
           (request_id, model_version_id, model_id, team_slug, target_stage, first_approved_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (request_id) DO UPDATE
           SET first_approved_at = least(r.first_approved_at, EXCLUDED.first_approved_at)`,
        [p.requestId, p.modelVersionId, p.modelId, p.teamSlug, p.targetStage, at],
      );
      return;
    }
    case 'governance.PromotionCompleted':
    case 'governance.PromotionRejected':
    case 'governance.PromotionWithdrawn':
    case 'governance.PromotionExpired': {
      const p = parsed.payload;
      const outcome = parsed.type.slice('governance.Promotion'.length).toUpperCase();
      const reason = parsed.type === 'governance.PromotionRejected' ? parsed.payload.reason : null;
      const sql = `/* insightsPromotionDecided */ INSERT INTO metrics.insights_promotion AS r
           (request_id, model_version_id, model_id, team_slug, target_stage, outcome, decided_at, rejection_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (request_id) DO UPDATE
           SET outcome = EXCLUDED.outcome, decided_at = EXCLUDED.decided_at,
               rejection_reason = EXCLUDED.rejection_reason
         WHERE r.outcome = 'OPEN'
         RETURNING request_id`;
      const params = [
        p.requestId,
        p.modelVersionId,
        p.modelId,
        p.teamSlug,
        p.targetStage,
        outcome,
        at,
        reason,
      ];
      if (outcome === 'COMPLETED' || outcome === 'REJECTED') {
        const figure = outcome === 'COMPLETED' ? 'promotions_completed' : 'promotions_rejected';
        return countIfFirst(manager, sql, params, { team: p.teamSlug, figure, at });
      }
      await manager.query(sql, params);
      return;
    }
    case 'governance.GuardrailsEvaluated': {
      const p = parsed.payload;
      // The payload names no team: a version governance judged is one the registry created, so
      // its row exists or will; until then the team is unknown and the fact waits in a stub row.
      await manager.query(
        `/* insightsGuardrails */ INSERT INTO metrics.insights_version AS v
           (model_version_id, team_slug, guardrails_failed, guardrails_position)
         VALUES ($1, '', $2, $3)
         ON CONFLICT (model_version_id) DO UPDATE
           SET guardrails_failed = EXCLUDED.guardrails_failed, guardrails_position = EXCLUDED.guardrails_position
         WHERE v.guardrails_position < EXCLUDED.guardrails_position`,
        [p.modelVersionId, p.failedChecks.includes(EVALUATION_CHECK), position],
      );
      return;
    }
    default:
      return;
  }
}
