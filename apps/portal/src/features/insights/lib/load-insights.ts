import { redirect } from 'next/navigation';
import { signInPath } from '@/lib/auth/sign-in-path';
import { gatewayQuery } from '@/lib/gateway/gateway-query';
import { GatewayError, hasErrorCode } from '@/lib/gateway/graphql-result';
import { INSIGHTS_QUERY, type Insights, type InsightsData } from '../graphql/insights';
import { type InsightsFilter, insightsHref, insightsVariables } from './insights-filter';

export type InsightsLoad =
  | { kind: 'loaded'; insights: Insights; teams: string[] }
  | { kind: 'unknown-team'; team: string }
  | { kind: 'refused'; message: string };

/**
 * The dashboard's figures for a filter. Which teams and names the caller sees is the API's
 * call; a team they may not see is NOT_FOUND, like an unknown one, and the page says so. An
 * ended session goes to sign-in; anything unexpected throws to the error page.
 */
export async function loadInsights(filter: InsightsFilter): Promise<InsightsLoad> {
  const back = insightsHref(filter);
  const result = await gatewayQuery<InsightsData>(INSIGHTS_QUERY, insightsVariables(filter)).catch(
    (error: unknown) => {
      if (error instanceof GatewayError && error.code === 'UNAUTHENTICATED') {
        redirect(signInPath(back, 'SessionExpired'));
      }
      throw error;
    },
  );
  if (hasErrorCode(result, 'UNAUTHENTICATED')) redirect(signInPath(back, 'SessionExpired'));
  if (filter.team && hasErrorCode(result, 'NOT_FOUND')) return { kind: 'unknown-team', team: filter.team };
  const refusal = result.errors?.find((e) =>
    ['BAD_USER_INPUT', 'FORBIDDEN'].includes(e.extensions?.code ?? ''),
  );
  if (refusal) return { kind: 'refused', message: refusal.message };
  const insights = result.data?.insights;
  if (!insights) {
    const error = result.errors?.[0];
    throw new GatewayError(
      error?.message ?? 'The insights could not be loaded.',
      error?.extensions?.code ?? 'GATEWAY_ERROR',
    );
  }
  return { kind: 'loaded', insights, teams: result.data?.scope?.teams ?? insights.teams };
}
