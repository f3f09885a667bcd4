/**
 * When a promotion request's approvals satisfy its approval policy. Pure, so every rule (N of M,
 * required roles, distinct approvers, binding to digest and policy version) is unit-tested
 * without a database.
 */

export const RISK_TIERS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];
/** A model whose maintainers never set a tier is treated as MEDIUM. */
export const DEFAULT_RISK_TIER: RiskTier = 'MEDIUM';

export const PROMOTION_TARGETS = ['STAGING', 'PRODUCTION'] as const;
export type PromotionTarget = (typeof PROMOTION_TARGETS)[number];

export interface ApprovalPolicy {
  id: string;
  riskTier: RiskTier;
  targetStage: PromotionTarget;
  version: number;
  requiredApprovals: number;
  /** Each of these approval roles must be held by at least one counted approver. */
  requiredRoles: string[];
  /** When set, only these subjects' approvals count (N of M). */
  namedApprovers: string[] | null;
  /** PRODUCTION policies: a rollback waits for these approvals too, instead of happening at once. */
  rollbackNeedsApproval: boolean;
}

export interface RecordedApproval {
  approver: string;
  manifestDigest: string | null;
  policyId: string;
  approvalRoles: string[];
}

export interface ApprovalTally {
  met: boolean;
  /** The approvers whose approval counts under `policy`. */
  counted: string[];
  /** Approvals given under another policy version or for another digest: they do not count. */
  stale: string[];
  /** Required roles no counted approver holds yet. */
  missingRoles: string[];
  /** Approvals still needed, whatever their roles. */
  remaining: number;
}

/**
 * Counts the approvals that are bound to this policy version and this manifest digest, from
 * distinct approvers (named ones only, when the policy names them).
 */
export function tallyApprovals(
  policy: ApprovalPolicy,
  manifestDigest: string | null,
  approvals: RecordedApproval[],
): ApprovalTally {
  const counted: RecordedApproval[] = [];
  const stale: string[] = [];
  for (const approval of approvals) {
    if (approval.policyId !== policy.id || approval.manifestDigest !== manifestDigest) {
      stale.push(approval.approver);
      continue;
    }
    if (policy.namedApprovers && !policy.namedApprovers.includes(approval.approver)) continue;
    if (counted.some((c) => c.approver === approval.approver)) continue;
    counted.push(approval);
  }
  const missingRoles = policy.requiredRoles.filter(
    (role) => !counted.some((approval) => approval.approvalRoles.includes(role)),
  );
  const remaining = Math.max(0, policy.requiredApprovals - counted.length);
  return {
    met: remaining === 0 && missingRoles.length === 0,
    counted: counted.map((c) => c.approver),
    stale,
    missingRoles,
    remaining,
  };
}

/** One line a person can act on: what the request still needs. */
export function describeTally(policy: ApprovalPolicy, tally: ApprovalTally): string {
  if (tally.met) return `approved by ${tally.counted.join(', ')}`;
  const needs: string[] = [];
  if (tally.remaining > 0) needs.push(`${tally.remaining} more approval${tally.remaining === 1 ? '' : 's'}`);
  if (tally.missingRoles.length > 0) needs.push(`an approver holding ${tally.missingRoles.join(' and ')}`);
  const among = policy.namedApprovers ? ` from ${policy.namedApprovers.join(', ')}` : '';
  return `needs ${needs.join(' and ')}${among} (${tally.counted.length} of ${policy.requiredApprovals} so far)`;
}

/**
 * Why `approver` may not decide this request, or null. The requester and whoever registered the
 * version never approve their own work; a policy with named approvers hears only them.
 */
export function approverProblem(
  approver: string,
  request: { requestedBy: string; versionCreatedBy: string | null },
  policy: ApprovalPolicy,
): string | null {
  if (approver === request.requestedBy) return 'nobody approves their own promotion request';
  if (request.versionCreatedBy && approver === request.versionCreatedBy) {
    return 'you registered this version: another approver must decide';
  }
  if (policy.namedApprovers && !policy.namedApprovers.includes(approver)) {
    return `the ${policy.riskTier} policy for ${policy.targetStage} names its approvers, and you are not one of them`;
  }
  return null;
}

/** The stage a version must be in before it may be promoted to `target`. */
export function stageBefore(target: PromotionTarget): 'DEVELOPMENT' | 'STAGING' {
  return target === 'STAGING' ? 'DEVELOPMENT' : 'STAGING';
}
