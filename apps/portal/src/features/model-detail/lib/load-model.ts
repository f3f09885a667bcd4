import { cache } from 'react';
import { queryOrNotFound } from '@/lib/gateway/query-or-not-found';
import { MODEL_DETAIL_QUERY, type ModelDetail, type ModelDetailData } from '../graphql/model-detail';
import { toModelDetail } from './to-model-detail';

/**
 * One model with its versions, or null when the API says NOT_FOUND (which it also says for
 * ids that are not UUIDs). Cached per request so metadata and page share one call.
 */
export const loadModel = cache(async (id: string): Promise<ModelDetail | null> => {
  const data = await queryOrNotFound<ModelDetailData>(
    MODEL_DETAIL_QUERY,
    { id },
    `/models/${encodeURIComponent(id)}`,
    (d) => !!d.model,
  );
  return data ? toModelDetail(data.model) : null;
});
