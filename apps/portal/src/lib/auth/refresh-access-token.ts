import type { JWT } from 'next-auth/jwt';
import { portalConfig } from '../config';
import { oidcMetadata } from './oidc-metadata';

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  refresh_token?: unknown;
  id_token?: unknown;
  error?: unknown;
}

function failed(token: JWT): JWT {
  return { ...token, error: 'RefreshAccessTokenError' };
}

/** The token is still usable for now: an outage at the IdP should not end a live session. */
function stillValid(token: JWT): boolean {
  return token.accessTokenExpires !== undefined && token.accessTokenExpires > Date.now();
}

/**
 * Trades the refresh token for a new access token at the IdP's token endpoint
 * (grant `refresh_token`, client authentication `client_secret_basic`). A refusal marks the
 * token with `error`, after which the portal asks the user to sign in again.
 */
async function refresh(token: JWT): Promise<JWT> {
  if (!token.refreshToken) return failed(token);
  const config = portalConfig();
  let res: Response;
  try {
    const { token_endpoint } = await oidcMetadata(config.OIDC_ISSUER);
    const credentials = `${encodeURIComponent(config.PORTAL_OIDC_CLIENT_ID)}:${encodeURIComponent(config.PORTAL_OIDC_CLIENT_SECRET)}`;
    res = await fetch(token_endpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token.refreshToken }),
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    console.warn('portal: token refresh could not reach the IdP', (error as Error).message);
    return stillValid(token) ? token : failed(token);
  }
  const body = (await res.json().catch(() => ({}))) as TokenResponse;
  if (!res.ok || typeof body.access_token !== 'string') {
    console.warn(
      'portal: token refresh refused',
      res.status,
      typeof body.error === 'string' ? body.error : '',
    );
    return res.status >= 500 && stillValid(token) ? token : failed(token);
  }
  const { error: _previous, ...rest } = token;
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 300;
  return {
    ...rest,
    accessToken: body.access_token,
    accessTokenExpires: Date.now() + expiresIn * 1000,
    // The IdP may rotate the refresh token; keep the old one only when it does not.
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : token.refreshToken,
    idToken: typeof body.id_token === 'string' ? body.id_token : token.idToken,
  };
}

const inflight = new Map<string, Promise<JWT>>();
/** How long a finished refresh is reused for requests that still carry the old cookie. */
const REUSE_MS = 30_000;

/**
 * Refreshes once per refresh token, however many requests arrive together. Without this,
 * parallel requests would redeem the same refresh token, and an IdP that rotates refresh
 * tokens treats a second redemption as theft and revokes the whole grant.
 */
export function refreshAccessToken(token: JWT): Promise<JWT> {
  const key = token.refreshToken;
  if (!key) return Promise.resolve(failed(token));
  let result = inflight.get(key);
  if (!result) {
    result = refresh(token);
    inflight.set(key, result);
    setTimeout(() => inflight.delete(key), REUSE_MS);
  }
  return result;
}
