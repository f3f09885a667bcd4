import { redirect } from 'next/navigation';
import { cache } from 'react';
import { signInPath } from '@/lib/auth/sign-in-path';
import { gatewayQuery } from '@/lib/gateway/gateway-query';
import { GatewayError, hasErrorCode } from '@/lib/gateway/graphql-result';
import { MODEL_DETAIL_QUERY, type ModelDetail, type ModelDetailData } from '../graphql/model-detail';
import { toModelDetail } from './to-model-detail';

/**
 * One model with its versions, or null when the API says NOT_FOUND (which it also says for
 * ids that are not UUIDs). Cached per request so metadata and page share one call.
 */
export const loadModel = cache(async (id: string): Promise<ModelDetail | null> => {
  const result = await gatewayQuery<ModelDetailData>(MODEL_DETAIL_QUERY, { id }).catch((error: unknown) => {
    if (error instanceof GatewayError && error.code === 'UNAUTHENTICATED') {
      redirect(signInPath(`/models/${encodeURIComponent(id)}`, 'SessionExpired'));
    }
    throw error;
  });
  if (hasErrorCode(result, 'NOT_FOUND')) return null;
  if (hasErrorCode(result, 'UNAUTHENTICATED')) {
    redirect(signInPath(`/models/${encodeURIComponent(id)}`, 'SessionExpired'));
  }
  if (!result.data?.model) {
    const message = result.errors?.[0]?.message ?? 'The model could not be loaded.';
    throw new GatewayError(message, result.errors?.[0]?.extensions?.code ?? 'GATEWAY_ERROR');
  }
  return toModelDetail(result.data.model);
});
