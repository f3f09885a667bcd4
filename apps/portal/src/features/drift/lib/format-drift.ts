/** PSI and KS to three decimals; KS is null for categorical features. */
export function formatStatistic(value: number | null): string {
  return value === null ? '–' : value.toFixed(3);
}
