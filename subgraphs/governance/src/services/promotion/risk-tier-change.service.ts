import { isUuid } from '@cairn/database';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  parseInput,
} from '@cairn/errors';
import { actorOf, hasScope, isApproverAnywhere, isApproverFor, type Principal } from '@cairn/identity';
import { prose } from '@cairn/input-rules';
import type { ModelDirectory } from '@cairn/model-directory';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { governanceEventLog } from '../../data-source';
import { GovernanceEvents } from '../../events';
import { someVersionOfModel } from '../access-requests/access-request-store';
import { RISK_TIERS, type RiskTier } from './approval-rules';
import { riskTierOf, setRiskTier } from './promotion-store';

export interface RiskTierChangeRequestRow {
  id: string;
  model_id: string;
  team_slug: string;
  from_tier: RiskTier;
  to_tier: RiskTier;
  reason: string;
  requested_by: string;
  requested_at: Date;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

const COLUMNS = `id, model_id, team_slug, from_tier, to_tier, reason, requested_by, requested_at, status,
  decided_by, decided_at, decision_reason`;

/** Whether `to` asks less of approvals than `from`: only such a change needs a second person. */
export function lowers(from: RiskTier, to: RiskTier): boolean {
  return RISK_TIERS.indexOf(to) < RISK_TIERS.indexOf(from);
}

export const rejectRiskTierChangeRules = z.object({
  id: z.string(),
  reason: prose(1000).min(1, 'must say why'),
});

/** Opens the request in the caller's transaction; CONFLICT while another is open for the model. */
export async function openRiskTierChange(
  manager: EntityManager,
  model: { id: string; teamSlug: string },
  change: { from: RiskTier; to: RiskTier; reason: string },
  by: string,
): Promise<RiskTierChangeRequestRow> {
  const [row]: RiskTierChangeRequestRow[] = await manager.query(
    `/* insertRiskTierChangeRequest */ INSERT INTO governance.risk_tier_change_request
        (model_id, team_slug, from_tier, to_tier, reason, requested_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (model_id) WHERE status = 'PENDING' DO NOTHING RETURNING ${COLUMNS}`,
    [model.id, model.teamSlug, change.from, change.to, change.reason, by],
  );
  if (!row) {
    throw new ConflictError('A change of this model’s risk tier already waits for an approver');
  }
  await governanceEventLog.publish(manager, {
    type: GovernanceEvents.RiskTierChangeRequested,
    subjectId: model.id,
    actor: by,
    payload: {
      requestId: row.id,
      modelId: model.id,
      teamSlug: model.teamSlug,
      from: change.from,
      to: change.to,
      reason: change.reason,
    },
  });
  return row;
}

/**
 * Requests to lower a risk tier: an approver of the model's team decides, never the maintainer
 * who asked. An approval sets the tier (a `RiskTierChanged` naming the approver); a rejection
 * needs a reason. A request whose starting tier is no longer the model's (it was raised since)
 * can only be rejected: its "from" no longer holds.
 */
export class RiskTierChangeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ModelDirectory,
  ) {}

  async approve(actor: Principal, id: string): Promise<RiskTierChangeRequestRow> {
    return this.decide(actor, id, async (manager, request, by) => {
      const current = await riskTierOf(manager, request.model_id);
      if (current !== request.from_tier) {
        throw new PreconditionFailedError(
          `The model's tier is ${current} now, not ${request.from_tier} as when this was asked: reject it and ask again`,
        );
      }
      const model = { id: request.model_id, teamSlug: request.team_slug };
      const from = await setRiskTier(manager, model, request.to_tier, request.reason, request.requested_by);
      const decided = await close(manager, request.id, 'APPROVED', by, null);
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.RiskTierChanged,
        subjectId: model.id,
        actor: by,
        payload: {
          modelId: model.id,
          teamSlug: model.teamSlug,
          from,
          to: request.to_tier,
          reason: request.reason,
          requestId: request.id,
          approvedBy: by,
        },
      });
      return decided;
    });
  }

  async reject(actor: Principal, input: unknown): Promise<RiskTierChangeRequestRow> {
    const command = parseInput(rejectRiskTierChangeRules, input);
    return this.decide(actor, command.id, async (manager, request, by) => {
      const decided = await close(manager, request.id, 'REJECTED', by, command.reason);
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.RiskTierChangeRejected,
        subjectId: request.model_id,
        actor: by,
        payload: {
          requestId: request.id,
          modelId: request.model_id,
          teamSlug: request.team_slug,
          from: request.from_tier,
          to: request.to_tier,
          reason: command.reason,
        },
      });
      return decided;
    });
  }

  /** The open request of each model (models the caller already resolved): a loader's batch. */
  async pendingOf(modelIds: readonly string[]): Promise<Map<string, RiskTierChangeRequestRow>> {
    const rows: RiskTierChangeRequestRow[] = await this.dataSource.query(
      `/* pendingRiskTierChanges */ SELECT ${COLUMNS} FROM governance.risk_tier_change_request
        WHERE model_id = ANY($1::uuid[]) AND status = 'PENDING'`,
      [modelIds.filter(isUuid)],
    );
    return new Map(rows.map((row) => [row.model_id, row]));
  }

  private async decide(
    actor: Principal,
    id: string,
    apply: (
      manager: EntityManager,
      request: RiskTierChangeRequestRow,
      by: string,
    ) => Promise<RiskTierChangeRequestRow>,
  ): Promise<RiskTierChangeRequestRow> {
    // Rights first: a caller who approves for no team learns nothing about which requests exist.
    if (!hasScope(actor, 'promote') || !isApproverAnywhere(actor)) {
      throw new ForbiddenError('Deciding a risk tier change needs the approver role in the model’s team');
    }
    return this.dataSource.transaction(async (manager) => {
      const [request]: RiskTierChangeRequestRow[] = isUuid(id)
        ? await manager.query(
            `/* lockRiskTierChangeRequest */ SELECT ${COLUMNS} FROM governance.risk_tier_change_request
              WHERE id = $1 FOR UPDATE`,
            [id.toLowerCase()],
          )
        : [];
      if (!request || !(await this.visible(actor, manager, request.model_id))) {
        throw new NotFoundError('RiskTierChangeRequest', id);
      }
      if (!isApproverFor(actor, request.team_slug)) {
        throw new ForbiddenError(
          `Only approvers of team "${request.team_slug}" decide its risk tier changes`,
        );
      }
      const by = actorOf(actor);
      if (by === request.requested_by) {
        throw new ForbiddenError('You asked for this change: another approver of the team decides it');
      }
      if (request.status !== 'PENDING') {
        throw new PreconditionFailedError(`The request is already ${request.status}`, {
          status: request.status,
        });
      }
      return apply(manager, request, by);
    });
  }

  private async visible(actor: Principal, manager: EntityManager, modelId: string): Promise<boolean> {
    const versionId = await someVersionOfModel(manager, modelId);
    if (!versionId) return false;
    return (await this.directory.getVisibleMany(actor, [versionId], manager)).length > 0;
  }
}

async function close(
  manager: EntityManager,
  id: string,
  status: 'APPROVED' | 'REJECTED',
  by: string,
  reason: string | null,
): Promise<RiskTierChangeRequestRow> {
  // An UPDATE answers [rows, affected count].
  const [[row]]: [RiskTierChangeRequestRow[], number] = await manager.query(
    `/* decideRiskTierChangeRequest */ UPDATE governance.risk_tier_change_request
        SET status = $2, decided_by = $3, decided_at = clock_timestamp(), decision_reason = $4
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, status, by, reason],
  );
  return row!;
}
