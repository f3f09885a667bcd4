import { cache } from 'react';
import { gatewayQuery } from '@/lib/gateway/gateway-query';
import { OPEN_DRIFT_ALARMS_QUERY } from '../graphql/model-drift';

/**
 * How many drift alarms are open on the model's versions, for the header's badge; null when it
 * cannot be told (metrics unreachable, session ended): a badge is not worth failing the page.
 */
export const loadOpenAlarmCount = cache(async (modelId: string): Promise<number | null> => {
  try {
    const result = await gatewayQuery<{ openDriftAlarms: { id: string }[] }>(OPEN_DRIFT_ALARMS_QUERY, {
      id: modelId,
    });
    return result.data?.openDriftAlarms.length ?? null;
  } catch {
    return null;
  }
});
