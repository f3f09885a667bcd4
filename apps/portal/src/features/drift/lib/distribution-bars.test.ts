import { describe, expect, it } from 'vitest';
import type { FeatureDistribution } from '../graphql/model-drift';
import { distributionBars } from './distribution-bars';

const window = { psi: 0.4, ks: 0.3, drifted: true, windowStart: '', windowEnd: '' };

describe('distributionBars', () => {
  it('compares numeric bins as shares, labelled by their edges', () => {
    const numeric: FeatureDistribution = {
      feature: 'amount',
      role: 'FEATURE',
      binEdges: [0, 2.5, 10, 1000],
      labels: null,
      referenceCounts: [500, 300, 200],
      production: { ...window, counts: [10, 20, 70] },
    };
    expect(distributionBars(numeric)).toEqual([
      { bin: '0–2.5', reference: 0.5, production: 0.1 },
      { bin: '2.5–10', reference: 0.3, production: 0.2 },
      { bin: '10–1000', reference: 0.2, production: 0.7 },
    ]);
  });

  it('labels categories by name and has no production share before a window', () => {
    const categorical: FeatureDistribution = {
      feature: 'country',
      role: 'FEATURE',
      binEdges: null,
      labels: ['NL', 'DE'],
      referenceCounts: [3, 1],
      production: null,
    };
    expect(distributionBars(categorical)).toEqual([
      { bin: 'NL', reference: 0.75, production: null },
      { bin: 'DE', reference: 0.25, production: null },
    ]);
  });

  it('answers zero shares for an all-zero histogram instead of dividing by zero', () => {
    const empty: FeatureDistribution = {
      feature: 'x',
      role: 'PREDICTION',
      binEdges: [0, 1],
      labels: null,
      referenceCounts: [0],
      production: { ...window, counts: [0] },
    };
    expect(distributionBars(empty)).toEqual([{ bin: '0–1', reference: 0, production: 0 }]);
  });
});
