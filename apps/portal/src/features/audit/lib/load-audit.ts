import { redirect } from 'next/navigation';
import { signInPath } from '@/lib/auth/sign-in-path';
import { gatewayQuery } from '@/lib/gateway/gateway-query';
import { GatewayError, hasErrorCode } from '@/lib/gateway/graphql-result';
import { AUDIT_LOG_QUERY, AUDIT_PAGE_SIZE, type AuditLogData, type AuditPage } from '../graphql/audit-log';
import { type AuditFilter, auditHref, auditLogVariables } from './audit-filter';
import type { ChainVerification } from './chain-summary';

export type AuditLoad =
  | { allowed: true; verification: ChainVerification; page: AuditPage }
  | { allowed: false; message: string };

/**
 * The viewer's data for a filter. FORBIDDEN (anyone but platform admins and auditors) is an
 * answer the page shows, not an error; an ended session goes to sign-in; anything else throws.
 */
export async function loadAudit(filter: AuditFilter): Promise<AuditLoad> {
  const back = auditHref(filter, filter.after);
  const result = await gatewayQuery<AuditLogData>(AUDIT_LOG_QUERY, {
    ...auditLogVariables(filter),
    first: AUDIT_PAGE_SIZE,
  }).catch((error: unknown) => {
    if (error instanceof GatewayError && error.code === 'UNAUTHENTICATED') {
      redirect(signInPath(back, 'SessionExpired'));
    }
    throw error;
  });
  if (hasErrorCode(result, 'UNAUTHENTICATED')) redirect(signInPath(back, 'SessionExpired'));
  if (hasErrorCode(result, 'FORBIDDEN')) {
    const error = result.errors?.find((e) => e.extensions?.code === 'FORBIDDEN');
    return {
      allowed: false,
      message: error?.message ?? 'Only platform admins and auditors may read the audit log.',
    };
  }
  const data = result.data;
  if (!data?.auditLog || !data.verifyAuditChain) {
    const error = result.errors?.[0];
    throw new GatewayError(
      error?.message ?? 'The audit log could not be loaded.',
      error?.extensions?.code ?? 'GATEWAY_ERROR',
    );
  }
  return {
    allowed: true,
    verification: data.verifyAuditChain,
    page: {
      entries: data.auditLog.edges.map((edge) => edge.node),
      hasNextPage: data.auditLog.pageInfo.hasNextPage,
      endCursor: data.auditLog.pageInfo.endCursor,
    },
  };
}
