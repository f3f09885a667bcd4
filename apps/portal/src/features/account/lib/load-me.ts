import { cache } from 'react';
import { gatewayQuery } from '@/lib/gateway/gateway-query';
import { ME_QUERY, type Me, type MeData } from '../graphql/me';

/**
 * The signed-in caller's rights, once per request. Null when the API cannot say: the menu then
 * shows no rights rather than failing the page. What the menu shows is a hint; the subgraphs
 * decide every request on their own.
 */
export const loadMe = cache(async (): Promise<Me | null> => {
  const result = await gatewayQuery<MeData>(ME_QUERY, {}).catch(() => null);
  return result?.data?.me ?? null;
});
