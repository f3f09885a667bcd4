import { describe, expect, it } from 'vitest';
import type { PromotionProgress } from '../graphql/promotion-fields';
import { describeProgress, nextTarget } from './progress-wording';

const progress = (over: Partial<PromotionProgress> = {}, policy: Partial<PromotionProgress['policy']> = {}) =>
  ({
    met: false,
    countedApprovers: [],
    staleApprovers: [],
    missingRoles: [],
    remaining: 2,
    summary: '',
    ...over,
    policy: {
      version: 1,
      riskTier: 'HIGH',
      targetStage: 'PRODUCTION',
      requiredApprovals: 2,
      requiredRoles: [],
      namedApprovers: null,
      ...policy,
    },
  }) satisfies PromotionProgress;

describe('describeProgress', () => {
  it('counts approvals against the policy and names the role still missing', () => {
    expect(
      describeProgress(progress({ countedApprovers: ['a@x'], remaining: 1, missingRoles: ['security'] })),
    ).toBe('1 of 2 approvals; needs someone holding security');
  });

  it('says one approval in the singular and when the policy is met', () => {
    expect(describeProgress(progress({ remaining: 1 }, { requiredApprovals: 1 }))).toBe('0 of 1 approval');
    expect(
      describeProgress(
        progress({ met: true, remaining: 0, countedApprovers: ['a@x'] }, { requiredApprovals: 1 }),
      ),
    ).toBe('1 of 1 approval; the policy is met');
  });

  it('names several missing roles, the named approvers and approvals that no longer count', () => {
    expect(
      describeProgress(
        progress(
          { missingRoles: ['security', 'risk'], staleApprovers: ['b@x'], remaining: 3 },
          { requiredApprovals: 3, namedApprovers: ['a@x', 'b@x', 'c@x'] },
        ),
      ),
    ).toBe(
      '0 of 3 approvals; needs someone holding security and risk; only a@x, b@x, c@x count; ' +
        '1 earlier approval no longer counts (given under another policy or manifest)',
    );
  });
});

describe('nextTarget', () => {
  it('is the next approved stage, or null past PRODUCTION', () => {
    expect(nextTarget('DEVELOPMENT')).toBe('STAGING');
    expect(nextTarget('STAGING')).toBe('PRODUCTION');
    expect(nextTarget('PRODUCTION')).toBeNull();
    expect(nextTarget('ARCHIVED')).toBeNull();
  });
});
