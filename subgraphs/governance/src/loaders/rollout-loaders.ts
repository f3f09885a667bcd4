import DataLoader from 'dataloader';
import type { GovernanceServices } from '../context';
import type { RolloutDecisionRow, RolloutRow, RolloutWindowRow } from '../services/rollouts/rollout-store';

/**
 * One set per request. Rollouts reach these loaders only after their candidate (or their model)
 * was checked visible, by the service or by the Model reference resolver.
 */
export function createRolloutLoaders(services: GovernanceServices) {
  const rollouts = services.rollouts;
  return {
    windowsByRollout: new DataLoader<string, RolloutWindowRow[]>(async (ids) => {
      const rows = await rollouts.windows(ids);
      return ids.map((id) => rows.filter((row) => row.rollout_id === id));
    }),
    decisionsByRollout: new DataLoader<string, RolloutDecisionRow[]>(async (ids) => {
      const rows = await rollouts.decisionsOf(ids);
      return ids.map((id) => rows.filter((row) => row.rollout_id === id));
    }),
    rolloutsByModel: new DataLoader<string, RolloutRow[]>(async (ids) => {
      const rows = await rollouts.rolloutsOfModels(ids);
      return ids.map((id) => rows.filter((row) => row.model_id === id));
    }),
  };
}
