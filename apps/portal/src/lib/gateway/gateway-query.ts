import { accessTokenForRequest } from '../auth/session-token';
import { gatewayFetch, requestIdFrom } from './gateway-fetch';
import { GatewayError, type GraphQLResult } from './graphql-result';

/**
 * Runs a query for a server component with the signed-in user's token. Returns the raw result
 * so the caller can map codes such as NOT_FOUND; transport failures throw `GatewayError`.
 */
export async function gatewayQuery<T>(
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLResult<T>> {
  const accessToken = await accessTokenForRequest();
  if (!accessToken) throw new GatewayError('Your session has ended. Sign in again.', 'UNAUTHENTICATED');
  let res: Response;
  try {
    res = await gatewayFetch(JSON.stringify({ query, variables }), accessToken, requestIdFrom(null));
  } catch {
    throw new GatewayError('The Cairn API did not answer. Try again in a moment.', 'GATEWAY_UNAVAILABLE');
  }
  const body = (await res.json().catch(() => null)) as GraphQLResult<T> | null;
  if (!body) throw new GatewayError(`The Cairn API answered with HTTP ${res.status}.`, 'GATEWAY_ERROR');
  return body;
}
