import { describe, expect, it } from 'vitest';
import { judgeWindow, rolloutRulesRules, startRolloutRules } from './rollout-rules';

const rules = rolloutRulesRules.parse({ maxErrorRateRatio: 1.2, maxLatencyP99Ms: 250, minRequests: 100 });
const side = (requests: number, errors: number, latencyP99Ms: number | null = 100) => ({
  requests,
  errors,
  latencyP99Ms,
});

describe('judging a rollout window', () => {
  it('passes a candidate within 1.2 × the baseline’s error rate and under the latency bound', () => {
    // 1.2 % against 1 %: exactly the ratio, which the rule allows.
    expect(judgeWindow(rules, side(1000, 12), side(10_000, 100))).toEqual({ verdict: 'PASS', findings: [] });
  });

  it('fails on each rule broken, saying by how much', () => {
    const judged = judgeWindow(rules, side(1000, 13, 300), side(10_000, 100));
    expect(judged.verdict).toBe('FAIL');
    expect(judged.findings).toEqual([
      "error rate 1.30 % exceeds 1.2 × the baseline's 1.00 % (1.20 %)",
      'p99 latency 300 ms exceeds the bound of 250 ms',
    ]);
  });

  it('fails any candidate error against a baseline that made none', () => {
    expect(judgeWindow(rules, side(1000, 1), side(10_000, 0)).verdict).toBe('FAIL');
  });

  it('decides nothing with too few requests on either side, or no latency to check', () => {
    expect(judgeWindow(rules, side(99, 50), side(10_000, 0)).verdict).toBe('INSUFFICIENT');
    expect(judgeWindow(rules, side(1000, 0), side(10, 0)).verdict).toBe('INSUFFICIENT');
    expect(judgeWindow(rules, side(1000, 0, null), side(1000, 0)).verdict).toBe('INSUFFICIENT');
    const noBound = rolloutRulesRules.parse({});
    expect(judgeWindow(noBound, side(1000, 0, null), side(1000, 0, null)).verdict).toBe('PASS');
  });

  it('fills in the default strategy', () => {
    expect(startRolloutRules.parse({ modelVersionId: 'x' }).strategy).toEqual({
      steps: [5, 25, 50, 100],
      windowMinutes: 10,
      rules: { maxErrorRateRatio: 1.2, maxLatencyP99Ms: null, minRequests: 100 },
    });
  });
});
