import type { ApiToken } from '../graphql/api-tokens';

export type TokenStatus = 'active' | 'revoked' | 'expired';

export function tokenStatus(token: Pick<ApiToken, 'revokedAt' | 'expiresAt'>, now = new Date()): TokenStatus {
  if (token.revokedAt) return 'revoked';
  return new Date(token.expiresAt) <= now ? 'expired' : 'active';
}

/** An expiry `days` ahead, as the API takes it. */
export function expiryIn(days: number, now = new Date()): string {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000).toISOString();
}
