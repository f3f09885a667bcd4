import { cookies } from 'next/headers';
import type { NextRequest } from 'next/server';
import { getToken, type JWT } from 'next-auth/jwt';
import { portalConfig } from '../config';
import { refreshAccessToken } from './refresh-access-token';
import { isSecureUrl, sessionCookieName } from './session-cookie-name';
import { needsRefresh } from './token-expiry';

/** Decrypts the session cookie of the current request (server components and route handlers). */
export async function readSessionToken(): Promise<JWT | null> {
  const config = portalConfig();
  const store = await cookies();
  // Only the cookie counts: getToken would also accept a `Bearer` header, which we never want.
  const req = { cookies: store, headers: {} } as unknown as NextRequest;
  return getToken({
    req,
    secret: config.PORTAL_AUTH_SECRET,
    cookieName: sessionCookieName(config.PORTAL_URL),
    secureCookie: isSecureUrl(config.PORTAL_URL),
  });
}

/**
 * The access token for calls to the gateway, or null when the user must sign in again.
 * The proxy has normally refreshed it already and rewritten the cookie; refreshing here too
 * covers a request that slipped past it, without persisting the result.
 */
export async function accessTokenForRequest(): Promise<string | null> {
  let token = await readSessionToken();
  if (!token || token.error) return null;
  if (needsRefresh(token.accessTokenExpires)) token = await refreshAccessToken(token);
  return token.error ? null : (token.accessToken ?? null);
}
