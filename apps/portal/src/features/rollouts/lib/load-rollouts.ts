import { gatewayQuery } from '@/lib/gateway/gateway-query';
import { MODEL_ROLLOUTS_QUERY, type ModelRolloutsData, type RolloutView } from '../graphql/model-rollouts';

/** The model's rollouts, newest first; null when the API cannot say (the section then says so). */
export async function loadRollouts(modelId: string): Promise<RolloutView[] | null> {
  const result = await gatewayQuery<ModelRolloutsData>(MODEL_ROLLOUTS_QUERY, { id: modelId }).catch(
    () => null,
  );
  if (!result?.data?.model || result.errors?.length) return null;
  return [...result.data.model.rollouts].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
