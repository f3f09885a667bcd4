import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  binnedKolmogorovSmirnov,
  featureDrift,
  PSI_EPSILON,
  populationStabilityIndex,
} from '../src/services/drift/drift-statistics';

/** Values computed with numpy/SciPy by `fixtures/drift_statistics.py`, fixed here. */
interface Fixture {
  epsilon: number;
  numeric: {
    name: string;
    reference: number[];
    production: number[];
    psi: number;
    ks: number;
    exactKs: number;
  }[];
  categorical: { name: string; reference: number[]; production: number[]; psi: number }[];
}
const fixture: Fixture = JSON.parse(
  readFileSync(path.join(__dirname, 'fixtures', 'drift-statistics.json'), 'utf8'),
);

describe('drift statistics against SciPy', () => {
  it('uses the epsilon the fixture was made with', () => {
    expect(PSI_EPSILON).toBe(fixture.epsilon);
  });

  it.each(fixture.numeric)('numeric $name: PSI and binned KS', (c) => {
    expect(populationStabilityIndex(c.reference, c.production)).toBeCloseTo(c.psi, 10);
    const ks = binnedKolmogorovSmirnov(c.reference, c.production);
    expect(ks).toBeCloseTo(c.ks, 10);
    // The binned statistic takes its supremum over the edges only.
    expect(ks).toBeLessThanOrEqual(c.exactKs + 1e-12);
  });

  it.each(fixture.categorical)('categorical $name: PSI', (c) => {
    expect(populationStabilityIndex(c.reference, c.production)).toBeCloseTo(c.psi, 10);
  });

  it('judges drift at or over either threshold, KS only for numeric features', () => {
    const shifted = fixture.numeric.find((c) => c.name === 'shifted-mean')!;
    const same = fixture.numeric.find((c) => c.name === 'same-normal')!;
    const thresholds = { psi: 0.2, ks: 0.1 };
    expect(featureDrift(shifted.reference, shifted.production, true, thresholds).drifted).toBe(true);
    expect(featureDrift(same.reference, same.production, true, thresholds)).toMatchObject({ drifted: false });
    expect(featureDrift(shifted.reference, shifted.production, false, { psi: 1, ks: 0.01 })).toEqual({
      psi: expect.any(Number),
      ks: null,
      drifted: false,
    });
  });

  it('refuses histograms it cannot compare', () => {
    expect(() => populationStabilityIndex([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(() => populationStabilityIndex([0, 0], [1, 2])).toThrow(RangeError);
    expect(() => binnedKolmogorovSmirnov([], [])).toThrow(RangeError);
  });
});
