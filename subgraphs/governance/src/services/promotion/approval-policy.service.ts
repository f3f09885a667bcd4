import { isUuid } from '@cairn/database';
import { ForbiddenError, NotFoundError, parseInput } from '@cairn/errors';
import {
  actorOf,
  hasScope,
  hasTeamRole,
  hasTeamRoleAnywhere,
  isPlatformAdmin,
  type Principal,
  readsEverything,
} from '@cairn/identity';
import type { ModelDirectory } from '@cairn/model-directory';
import type { DataSource } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { GovernanceEvents } from '../../events';
import { someVersionOfModel, someVersionOfModels } from '../access-requests/access-request-store';
import type { RiskTier } from './approval-rules';
import { approvalRoleGrantRules, setApprovalPolicyRules, setRiskTierRules } from './promotion-input-rules';
import {
  type ApprovalPolicyRecord,
  currentPolicies,
  insertPolicyVersion,
  type RiskTierChangeRow,
  riskTierHistories,
  riskTierOf,
  riskTiersOf,
  setRiskTier,
} from './promotion-store';
import { lowers, openRiskTierChange, type RiskTierChangeRequestRow } from './risk-tier-change.service';

export interface ApprovalRoleGrant {
  role: string;
  subject: string;
  grantedBy: string;
  grantedAt: Date;
}

function assertPlatformAdmin(actor: Principal, what: string): void {
  if (!isPlatformAdmin(actor) || !hasScope(actor, 'admin')) {
    throw new ForbiddenError(`Only platform admins ${what}`);
  }
}

/**
 * The inputs of approval: each model's risk tier (its maintainers set it), the approval policy
 * of each tier (platform admins change it, as a new version) and who holds which approval role.
 */
export class ApprovalPolicyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ModelDirectory,
  ) {}

  /**
   * Raising a tier (or keeping it) takes effect at once; lowering it opens a request an approver
   * of the team decides (`RiskTierChangeService`), and the tier stays until then.
   */
  async setRiskTier(
    actor: Principal,
    input: unknown,
  ): Promise<{ modelId: string; tier: RiskTier; pendingChange: RiskTierChangeRequestRow | null }> {
    const command = parseInput(setRiskTierRules, input);
    // Rights first: a caller who maintains no team learns nothing about which models exist.
    if (!hasScope(actor, 'write') || !hasTeamRoleAnywhere(actor, 'maintainer')) {
      throw new ForbiddenError('Setting a risk tier needs the maintainer role in the model’s team');
    }
    return this.dataSource.transaction(async (manager) => {
      const versionId = isUuid(command.modelId)
        ? await someVersionOfModel(manager, command.modelId.toLowerCase())
        : null;
      const [version] = versionId ? await this.directory.getVisibleMany(actor, [versionId], manager) : [];
      if (!version) throw new NotFoundError('Model', command.modelId);
      if (!hasTeamRole(actor, version.teamSlug, 'maintainer')) {
        throw new ForbiddenError(`Only maintainers of team "${version.teamSlug}" set its models' risk tiers`);
      }
      const by = actorOf(actor);
      const model = { id: version.modelId, teamSlug: version.teamSlug };
      const current = await riskTierOf(manager, model.id);
      // Lowering loosens every later approval: it waits for an approver of the team.
      if (lowers(current, command.tier)) {
        const pendingChange = await openRiskTierChange(
          manager,
          model,
          { from: current, to: command.tier, reason: command.reason },
          by,
        );
        return { modelId: model.id, tier: current, pendingChange };
      }
      const from = await setRiskTier(manager, model, command.tier, command.reason, by);
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.RiskTierChanged,
        subjectId: model.id,
        actor: by,
        payload: {
          modelId: model.id,
          teamSlug: model.teamSlug,
          from,
          to: command.tier,
          reason: command.reason,
        },
      });
      return { modelId: model.id, tier: command.tier, pendingChange: null };
    });
  }

  /** Some version of each model governance knows of, to check visibility by; null when none. */
  versionsOfModels(modelIds: readonly string[]): Promise<(string | null)[]> {
    return someVersionOfModels(this.dataSource.manager, modelIds);
  }

  /** Tiers of models the caller already resolved (the Model entity's field): a loader's batch. */
  tiersOf(modelIds: string[]): Promise<Map<string, RiskTier>> {
    return riskTiersOf(this.dataSource.manager, modelIds);
  }

  tierHistories(modelIds: readonly string[]): Promise<RiskTierChangeRow[]> {
    return riskTierHistories(this.dataSource.manager, modelIds);
  }

  policies(): Promise<ApprovalPolicyRecord[]> {
    return currentPolicies(this.dataSource.manager);
  }

  async setPolicy(actor: Principal, input: unknown): Promise<ApprovalPolicyRecord> {
    assertPlatformAdmin(actor, 'change approval policies');
    const command = parseInput(setApprovalPolicyRules, input);
    return this.dataSource.transaction(async (manager) => {
      const policy = await insertPolicyVersion(manager, command, actorOf(actor));
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.ApprovalPolicyChanged,
        subjectId: policy.id,
        actor: actorOf(actor),
        payload: {
          policyId: policy.id,
          riskTier: policy.riskTier,
          targetStage: policy.targetStage,
          version: policy.version,
          requiredApprovals: policy.requiredApprovals,
          requiredRoles: policy.requiredRoles,
          namedApprovers: policy.namedApprovers,
        },
      });
      return policy;
    });
  }

  async approvalRoles(actor: Principal): Promise<ApprovalRoleGrant[]> {
    if (!readsEverything(actor)) {
      throw new ForbiddenError('Only platform admins and auditors list approval roles');
    }
    const rows: { role: string; subject: string; granted_by: string; granted_at: Date }[] =
      await this.dataSource.query(
        `/* selectApprovalRoleGrants */ SELECT role, subject, granted_by, granted_at
           FROM governance.approval_role_grant ORDER BY role, subject`,
      );
    return rows.map((r) => ({
      role: r.role,
      subject: r.subject,
      grantedBy: r.granted_by,
      grantedAt: r.granted_at,
    }));
  }

  async grantRole(actor: Principal, input: unknown): Promise<ApprovalRoleGrant> {
    assertPlatformAdmin(actor, 'grant approval roles');
    const command = parseInput(approvalRoleGrantRules, input);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `/* insertApprovalRoleGrant */ INSERT INTO governance.approval_role_grant (role, subject, granted_by)
         VALUES ($1, $2, $3) ON CONFLICT (role, subject) DO NOTHING`,
        [command.role, command.subject, actorOf(actor)],
      );
      // Granting a role someone holds already is no change, but still answers the grant.
      const [row]: { role: string; subject: string; granted_by: string; granted_at: Date }[] =
        await manager.query(
          `/* selectApprovalRoleGrant */ SELECT role, subject, granted_by, granted_at FROM governance.approval_role_grant
          WHERE role = $1 AND subject = $2`,
          [command.role, command.subject],
        );
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.ApprovalRoleGranted,
        subjectId: `${command.role}:${command.subject}`,
        actor: actorOf(actor),
        payload: { role: command.role, subject: command.subject },
      });
      return {
        role: row!.role,
        subject: row!.subject,
        grantedBy: row!.granted_by,
        grantedAt: row!.granted_at,
      };
    });
  }

  async revokeRole(actor: Principal, input: unknown): Promise<boolean> {
    assertPlatformAdmin(actor, 'revoke approval roles');
    const command = parseInput(approvalRoleGrantRules, input);
    return this.dataSource.transaction(async (manager) => {
      const [, count]: [unknown, number] = await manager.query(
        `/* deleteApprovalRoleGrant */ DELETE FROM governance.approval_role_grant WHERE role = $1 AND subject = $2`,
        [command.role, command.subject],
      );
      if (!count) throw new NotFoundError('ApprovalRoleGrant', `${command.role}:${command.subject}`);
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.ApprovalRoleRevoked,
        subjectId: `${command.role}:${command.subject}`,
        actor: actorOf(actor),
        payload: { role: command.role, subject: command.subject },
      });
      return true;
    });
  }
}
