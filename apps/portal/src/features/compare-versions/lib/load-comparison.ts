import { notFound, redirect } from 'next/navigation';
import { signInPath } from '@/lib/auth/sign-in-path';
import { gatewayQuery } from '@/lib/gateway/gateway-query';
import { GatewayError, hasErrorCode } from '@/lib/gateway/graphql-result';
import {
  COMPARE_VERSIONS_QUERY,
  type CompareVersionsData,
  type VersionComparison,
} from '../graphql/compare-versions';
import { MAX_COMPARED, MIN_COMPARED } from './compare-params';

export type ComparisonResult =
  | { kind: 'pick'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'compared'; comparison: VersionComparison };

/**
 * The comparison of the picked versions. Fewer than 2 or more than 10 are not sent at all;
 * a version the caller may not see is a 404, like the model page; versions the API refuses to
 * compare (another model's, typed into the URL) get its message.
 */
export async function loadComparison(
  modelId: string,
  returnTo: string,
  versionIds: string[],
  onlyDifferences: boolean,
): Promise<ComparisonResult> {
  if (versionIds.length < MIN_COMPARED) {
    return { kind: 'pick', message: `Pick at least ${MIN_COMPARED} versions to compare.` };
  }
  if (versionIds.length > MAX_COMPARED) {
    return { kind: 'pick', message: `Pick at most ${MAX_COMPARED} versions to compare.` };
  }
  const result = await gatewayQuery<CompareVersionsData>(COMPARE_VERSIONS_QUERY, {
    ids: versionIds,
    onlyDifferences,
  }).catch((error: unknown) => {
    if (error instanceof GatewayError && error.code === 'UNAUTHENTICATED') {
      redirect(signInPath(returnTo, 'SessionExpired'));
    }
    throw error;
  });
  if (hasErrorCode(result, 'UNAUTHENTICATED')) redirect(signInPath(returnTo, 'SessionExpired'));
  if (hasErrorCode(result, 'NOT_FOUND')) notFound();
  if (hasErrorCode(result, 'BAD_USER_INPUT')) {
    return { kind: 'refused', message: result.errors?.[0]?.message ?? 'These versions cannot be compared.' };
  }
  if (!result.data?.compareModelVersions) {
    const error = result.errors?.[0];
    throw new GatewayError(
      error?.message ?? 'The comparison could not be loaded.',
      error?.extensions?.code ?? 'GATEWAY_ERROR',
    );
  }
  const comparison = result.data.compareModelVersions;
  // The API compares versions of any one model; this page is about the model in its path.
  if (comparison.versions.some((v) => v.model.id !== modelId)) {
    return { kind: 'refused', message: 'These versions belong to another model.' };
  }
  return { kind: 'compared', comparison };
}
