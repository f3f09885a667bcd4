import { describe, expect, it } from 'vitest';
import type { RolloutView } from '../graphql/model-rollouts';
import { percent, rolloutSummary } from './rollout-wording';

const base: RolloutView = {
  id: 'r',
  status: 'IN_PROGRESS',
  trafficPercent: 25,
  startedBy: 'pipeline',
  startedAt: '2026-11-01T00:00:00Z',
  endedAt: null,
  endReason: null,
  strategy: {
    steps: [5, 25, 50, 100],
    windowMinutes: 10,
    rules: { maxErrorRateRatio: 1.2, maxLatencyP99Ms: null, minRequests: 100 },
  },
  candidate: { id: 'c', version: 4 },
  baseline: { id: 'b', version: 3 },
  windows: [],
  decisions: [],
};

describe('rolloutSummary', () => {
  it('says the traffic share while in progress', () => {
    expect(rolloutSummary(base)).toBe('Canary of version 4 over version 3: 25 % of traffic');
  });

  it('tells an automatic rollback from a manual one', () => {
    const rollback = {
      kind: 'ROLLBACK' as const,
      fromPercent: 5,
      toPercent: 0,
      reason: 'x',
      decidedBy: 'cairn',
      decidedAt: '',
    };
    expect(
      rolloutSummary({ ...base, status: 'ROLLED_BACK', decisions: [{ ...rollback, automatic: true }] }),
    ).toBe('Canary of version 4 over version 3 rolled back automatically: version 3 is PRODUCTION again');
    expect(
      rolloutSummary({ ...base, status: 'ROLLED_BACK', decisions: [{ ...rollback, automatic: false }] }),
    ).toBe('Canary of version 4 over version 3 rolled back: version 3 is PRODUCTION again');
  });

  it('formats error rates', () => {
    expect(percent(0.03)).toBe('3.00 %');
  });
});
