import { redirect } from 'next/navigation';
import { cache } from 'react';
import { signInPath } from '@/lib/auth/sign-in-path';
import { gatewayQuery } from '@/lib/gateway/gateway-query';
import { GatewayError, hasErrorCode } from '@/lib/gateway/graphql-result';
import {
  INBOX_SHOWN,
  type InboxItem,
  PROMOTION_INBOX_COUNT_QUERY,
  PROMOTION_INBOX_QUERY,
  type PromotionInboxCountData,
  type PromotionInboxData,
} from '../graphql/promotion-inbox';

/** What awaits the caller's decision; an ended session goes to sign-in, other failures throw. */
export async function loadInbox(): Promise<InboxItem[]> {
  const result = await gatewayQuery<PromotionInboxData>(PROMOTION_INBOX_QUERY, { first: INBOX_SHOWN }).catch(
    (error: unknown) => {
      if (error instanceof GatewayError && error.code === 'UNAUTHENTICATED') {
        redirect(signInPath('/approvals', 'SessionExpired'));
      }
      throw error;
    },
  );
  if (hasErrorCode(result, 'UNAUTHENTICATED')) redirect(signInPath('/approvals', 'SessionExpired'));
  if (!result.data?.promotionInbox) {
    const error = result.errors?.[0];
    throw new GatewayError(
      error?.message ?? 'The approvals could not be loaded.',
      error?.extensions?.code ?? 'GATEWAY_ERROR',
    );
  }
  return result.data.promotionInbox;
}

/**
 * How many requests wait, for the navigation's badge; null when unknown. Ids only, once per
 * request, and only asked for approvers: a cheap query on every page they open.
 */
export const loadInboxCount = cache(async (): Promise<number | null> => {
  const result = await gatewayQuery<PromotionInboxCountData>(PROMOTION_INBOX_COUNT_QUERY, {
    first: INBOX_SHOWN,
  }).catch(() => null);
  return result?.data?.promotionInbox.length ?? null;
});
