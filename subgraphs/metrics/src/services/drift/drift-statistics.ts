/**
 * Drift statistics over binned histograms: pure functions, checked against SciPy/numpy in
 * `test/fixtures/drift-statistics.json` (made by `test/fixtures/drift_statistics.py`).
 *
 * Both sides of a comparison must use the same bins (numeric: the same edges; categorical: the
 * counts aligned to the same categories); the service aligns and checks that before calling.
 */

/**
 * Proportions below this are raised to it before PSI takes their logarithm, so an empty bin on
 * one side gives a large but finite term instead of infinity. No renormalisation follows: the
 * common practice (e.g. `popmon`, `evidently` use 1e-4 too), and the SciPy fixture does the same.
 */
export const PSI_EPSILON = 1e-4;

function proportions(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total <= 0) throw new RangeError('a histogram needs a positive total count');
  return counts.map((c) => Math.max(c / total, PSI_EPSILON));
}

function sameLength(reference: readonly number[], production: readonly number[]): void {
  if (reference.length !== production.length || reference.length === 0) {
    throw new RangeError('both histograms need the same, non-zero number of bins');
  }
}

/**
 * Population stability index: Σ (q − p) · ln(q / p) over bins, p the reference proportions and
 * q the production ones (each clamped at `PSI_EPSILON`). 0 for identical shapes; ≥ 0.2 is the
 * usual "significant shift". Equals KL(q‖p) + KL(p‖q), which is how the fixture computes it.
 */
export function populationStabilityIndex(
  reference: readonly number[],
  production: readonly number[],
): number {
  sameLength(reference, production);
  const p = proportions(reference);
  const q = proportions(production);
  let psi = 0;
  for (let i = 0; i < p.length; i++) psi += (q[i]! - p[i]!) * Math.log(q[i]! / p[i]!);
  return psi;
}

/**
 * Two-sample Kolmogorov–Smirnov statistic over binned CDFs: max |F_ref − F_prod| taken at the
 * bin edges only. The binned approximation of SciPy's `ks_2samp` on the raw samples: it never
 * exceeds the exact statistic (the supremum is taken over fewer points) and equals `ks_2samp`
 * on samples placed at the bins' midpoints. Meaningful for ordered (numeric) bins only: for
 * categorical features the order of categories is arbitrary, so KS does not apply.
 */
export function binnedKolmogorovSmirnov(reference: readonly number[], production: readonly number[]): number {
  sameLength(reference, production);
  const totalRef = reference.reduce((sum, c) => sum + c, 0);
  const totalProd = production.reduce((sum, c) => sum + c, 0);
  if (totalRef <= 0 || totalProd <= 0) throw new RangeError('a histogram needs a positive total count');
  let cumRef = 0;
  let cumProd = 0;
  let statistic = 0;
  for (let i = 0; i < reference.length; i++) {
    cumRef += reference[i]!;
    cumProd += production[i]!;
    statistic = Math.max(statistic, Math.abs(cumRef / totalRef - cumProd / totalProd));
  }
  return statistic;
}

/** Thresholds over which a feature counts as drifted; at or above, as the usual PSI ≥ 0.2 reads. */
export interface DriftThresholds {
  psi: number;
  ks: number;
}

export interface FeatureDrift {
  psi: number;
  /** Null for categorical features: KS does not apply. */
  ks: number | null;
  drifted: boolean;
}

/** PSI (and KS for numeric features) of one feature, judged against the thresholds. */
export function featureDrift(
  reference: readonly number[],
  production: readonly number[],
  numeric: boolean,
  thresholds: DriftThresholds,
): FeatureDrift {
  const psi = populationStabilityIndex(reference, production);
  const ks = numeric ? binnedKolmogorovSmirnov(reference, production) : null;
  return { psi, ks, drifted: psi >= thresholds.psi || (ks !== null && ks >= thresholds.ks) };
}
