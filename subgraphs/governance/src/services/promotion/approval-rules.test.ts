import { describe, expect, it } from 'vitest';
import {
  type ApprovalPolicy,
  approverProblem,
  describeTally,
  type RecordedApproval,
  stageBefore,
  tallyApprovals,
} from './approval-rules';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER_DIGEST = `sha256:${'b'.repeat(64)}`;

const policy = (overrides: Partial<ApprovalPolicy> = {}): ApprovalPolicy => ({
  id: 'policy-2',
  riskTier: 'HIGH',
  targetStage: 'PRODUCTION',
  version: 2,
  requiredApprovals: 2,
  requiredRoles: [],
  namedApprovers: null,
  rollbackNeedsApproval: false,
  ...overrides,
});

const approval = (approver: string, overrides: Partial<RecordedApproval> = {}): RecordedApproval => ({
  approver,
  manifestDigest: DIGEST,
  policyId: 'policy-2',
  approvalRoles: [],
  ...overrides,
});

describe('tallyApprovals', () => {
  it('is met with as many distinct approvers as the policy requires', () => {
    expect(tallyApprovals(policy(), DIGEST, [approval('ann')])).toMatchObject({ met: false, remaining: 1 });
    expect(tallyApprovals(policy(), DIGEST, [approval('ann'), approval('bob')])).toMatchObject({
      met: true,
      counted: ['ann', 'bob'],
      remaining: 0,
    });
  });

  it('counts one approver once', () => {
    const tally = tallyApprovals(policy(), DIGEST, [approval('ann'), approval('ann')]);
    expect(tally).toMatchObject({ met: false, counted: ['ann'], remaining: 1 });
  });

  it('needs every required role among the counted approvers', () => {
    const p = policy({ requiredRoles: ['security'] });
    expect(tallyApprovals(p, DIGEST, [approval('ann'), approval('bob')])).toMatchObject({
      met: false,
      missingRoles: ['security'],
      remaining: 0,
    });
    const met = tallyApprovals(p, DIGEST, [
      approval('ann'),
      approval('bob', { approvalRoles: ['security'] }),
    ]);
    expect(met.met).toBe(true);
  });

  it('ignores approvals given for another manifest digest or under another policy version', () => {
    const tally = tallyApprovals(policy(), DIGEST, [
      approval('ann', { manifestDigest: OTHER_DIGEST }),
      approval('bob', { policyId: 'policy-1' }),
      approval('cy'),
    ]);
    expect(tally).toMatchObject({ met: false, counted: ['cy'], stale: ['ann', 'bob'], remaining: 1 });
  });

  it('counts only named approvers when the policy names them (N of M)', () => {
    const p = policy({ requiredApprovals: 2, namedApprovers: ['ann', 'bob', 'cy'] });
    expect(tallyApprovals(p, DIGEST, [approval('ann'), approval('dan')])).toMatchObject({
      met: false,
      counted: ['ann'],
    });
    expect(tallyApprovals(p, DIGEST, [approval('ann'), approval('cy')]).met).toBe(true);
  });

  it('binds versions without a manifest to null, not to any digest', () => {
    expect(tallyApprovals(policy({ requiredApprovals: 1 }), null, [approval('ann')]).met).toBe(false);
    expect(
      tallyApprovals(policy({ requiredApprovals: 1 }), null, [approval('ann', { manifestDigest: null })]).met,
    ).toBe(true);
  });

  it('says what is still needed', () => {
    const p = policy({ requiredRoles: ['security'], namedApprovers: ['ann', 'bob'] });
    const text = describeTally(p, tallyApprovals(p, DIGEST, [approval('ann')]));
    expect(text).toBe('needs 1 more approval and an approver holding security from ann, bob (1 of 2 so far)');
  });
});

describe('approverProblem', () => {
  const request = { requestedBy: 'ann', versionCreatedBy: 'bob' };
  it('refuses the requester and the version’s author', () => {
    expect(approverProblem('ann', request, policy())).toMatch(/own promotion request/);
    expect(approverProblem('bob', request, policy())).toMatch(/registered this version/);
    expect(approverProblem('cy', request, policy())).toBeNull();
  });
  it('refuses anyone a policy with named approvers does not name', () => {
    expect(approverProblem('cy', request, policy({ namedApprovers: ['dan'] }))).toMatch(
      /names its approvers/,
    );
    expect(approverProblem('dan', request, policy({ namedApprovers: ['dan'] }))).toBeNull();
  });
});

it('promotes to STAGING from DEVELOPMENT and to PRODUCTION from STAGING', () => {
  expect(stageBefore('STAGING')).toBe('DEVELOPMENT');
  expect(stageBefore('PRODUCTION')).toBe('STAGING');
});
