import { redirect } from 'next/navigation';
import { signInPath } from '@/lib/auth/sign-in-path';
import { gatewayQuery } from './gateway-query';
import { GatewayError, hasErrorCode } from './graphql-result';

/**
 * A server component's query for one thing the caller may not be allowed to see: null when the
 * API says NOT_FOUND (it says so alike for what does not exist and what is hidden), a trip to
 * sign in when the session has ended, and a `GatewayError` (the error page) for anything else.
 * `present` says whether the answer holds what was asked for.
 */
export async function queryOrNotFound<T>(
  query: string,
  variables: Record<string, unknown>,
  callbackPath: string,
  present: (data: T) => boolean,
): Promise<T | null> {
  const result = await gatewayQuery<T>(query, variables).catch((error: unknown) => {
    if (error instanceof GatewayError && error.code === 'UNAUTHENTICATED') {
      redirect(signInPath(callbackPath, 'SessionExpired'));
    }
    throw error;
  });
  if (hasErrorCode(result, 'NOT_FOUND')) return null;
  if (hasErrorCode(result, 'UNAUTHENTICATED')) redirect(signInPath(callbackPath, 'SessionExpired'));
  if (!result.data || !present(result.data)) {
    const message = result.errors?.[0]?.message ?? 'The model could not be loaded.';
    throw new GatewayError(message, result.errors?.[0]?.extensions?.code ?? 'GATEWAY_ERROR');
  }
  return result.data;
}
