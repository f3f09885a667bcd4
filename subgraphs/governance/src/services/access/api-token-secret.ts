import { createHash, randomBytes } from 'node:crypto';

/**
 * API token secrets: `cairn_pat_` (personal) or `cairn_sat_` (service account) and 43 base64url
 * characters of 32 random bytes. The fixed prefix lets secret scanners find a leaked one with
 * `cairn_(pat|sat)_[A-Za-z0-9_-]{43}`. Only the SHA-256 is stored: the secret is high-entropy,
 * so a slow password hash would add nothing but latency on every request.
 */
export const API_TOKEN_PATTERN = /^cairn_(pat|sat)_[A-Za-z0-9_-]{43}$/;
export type ApiTokenKind = 'personal' | 'service-account';

export function generateApiTokenSecret(kind: ApiTokenKind): string {
  const prefix = kind === 'personal' ? 'cairn_pat_' : 'cairn_sat_';
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashApiTokenSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** What is kept for display, so an owner can tell their tokens apart: the last four characters. */
export function lastFourOf(secret: string): string {
  return secret.slice(-4);
}

export function isApiTokenSecret(value: string): boolean {
  return API_TOKEN_PATTERN.test(value);
}
