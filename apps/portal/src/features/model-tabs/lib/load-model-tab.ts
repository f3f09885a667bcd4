import { cache } from 'react';
import { queryOrNotFound } from '@/lib/gateway/query-or-not-found';
import { MODEL_HEADER_QUERY, type ModelHeader, type ModelHeaderData } from '../graphql/model-header';

/** Model ids are UUIDs; anything implausible is a 404 without asking the API. */
export const PLAUSIBLE_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The model as the tabs' header shows it, or null when the caller may not see it. Cached per
 * request, so the layout, the page and its metadata share one call.
 */
export const loadModelHeader = cache(async (id: string): Promise<ModelHeader | null> => {
  const data = await queryOrNotFound<ModelHeaderData>(
    MODEL_HEADER_QUERY,
    { id },
    `/models/${encodeURIComponent(id)}`,
    (d) => !!d.model,
  );
  return data?.model ?? null;
});
