import type { FeatureDistribution } from '../graphql/model-drift';

export interface DistributionBar {
  bin: string;
  /** Share of the reference's count, 0–1. */
  reference: number;
  /** Share of the latest production window's count, 0–1; null before any window. */
  production: number | null;
}

const shares = (counts: number[]): number[] => {
  const total = counts.reduce((sum, c) => sum + c, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
};

const edge = (value: number) =>
  Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));

/**
 * One bar pair per bin, as proportions: a reference of 10 000 rows and a window of 500 are only
 * comparable as shares. Numeric bins are labelled by their edges (`[lo, hi)`), categorical ones
 * by their category.
 */
export function distributionBars(distribution: FeatureDistribution): DistributionBar[] {
  const reference = shares(distribution.referenceCounts);
  const production = distribution.production ? shares(distribution.production.counts) : null;
  return reference.map((share, i) => ({
    bin:
      distribution.labels?.[i] ??
      (distribution.binEdges
        ? `${edge(distribution.binEdges[i]!)}–${edge(distribution.binEdges[i + 1]!)}`
        : `bin ${i + 1}`),
    reference: share,
    production: production ? (production[i] ?? 0) : null,
  }));
}
