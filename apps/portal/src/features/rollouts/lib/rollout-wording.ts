import type { RolloutView } from '../graphql/model-rollouts';

/** One line on where a rollout stands, for its heading. */
export function rolloutSummary(rollout: RolloutView): string {
  const versions = `version ${rollout.candidate.version} over version ${rollout.baseline.version}`;
  switch (rollout.status) {
    case 'IN_PROGRESS':
      return `Canary of ${versions}: ${rollout.trafficPercent} % of traffic`;
    case 'COMPLETED':
      return `Canary of ${versions} completed: it takes all traffic`;
    case 'ROLLED_BACK': {
      const automatic = rollout.decisions.some((d) => d.kind === 'ROLLBACK' && d.automatic);
      return `Canary of ${versions} ${automatic ? 'rolled back automatically' : 'rolled back'}: version ${rollout.baseline.version} is PRODUCTION again`;
    }
  }
}

/** An error rate as a percentage with two decimals. */
export const percent = (rate: number) => `${(rate * 100).toFixed(2)} %`;
