import type { PromotionProgress } from '../graphql/promotion-fields';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A request's N-of-M progress in one line an approver can act on, e.g. "1 of 2 approvals; needs
 * someone holding security". Built from the API's numbers rather than its `summary`, so the inbox
 * words every request alike; the policy in force decides, whatever the tier was when asked.
 */
export function describeProgress(progress: PromotionProgress): string {
  const { policy } = progress;
  const counted = progress.countedApprovers.length;
  const parts = [`${counted} of ${plural(policy.requiredApprovals, 'approval')}`];
  if (progress.met) {
    parts.push('the policy is met');
  } else {
    const roles = progress.missingRoles;
    if (roles.length > 0) parts.push(`needs someone holding ${roles.join(' and ')}`);
    if (policy.namedApprovers && policy.namedApprovers.length > 0) {
      parts.push(`only ${policy.namedApprovers.join(', ')} count`);
    }
  }
  if (progress.staleApprovers.length > 0) {
    const stale = progress.staleApprovers.length;
    parts.push(
      `${plural(stale, 'earlier approval')} no longer ${stale === 1 ? 'counts' : 'count'} (given under another policy or manifest)`,
    );
  }
  return parts.join('; ');
}

/** The stage a version in `stage` may be promoted to next, or null when none is approved here. */
export function nextTarget(stage: string): 'STAGING' | 'PRODUCTION' | null {
  if (stage === 'DEVELOPMENT') return 'STAGING';
  if (stage === 'STAGING') return 'PRODUCTION';
  return null;
}
