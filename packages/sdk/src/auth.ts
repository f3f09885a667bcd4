import { CairnError, CLIENT_ERROR_CODES, networkError } from './errors';

/** Where the client's bearer credential comes from. */
export interface TokenProvider {
  /** A bearer token; `refresh` asks for a new one after the API said 401. */
  token(refresh?: boolean): Promise<string>;
  /** Whether a 401 could be cured by `token(true)` (an expired OIDC token, not a revoked API token). */
  readonly refreshable: boolean;
}

/** An API token (`cairn_pat_…`, `cairn_sat_…`) or any bearer token obtained elsewhere. */
export function staticToken(token: string): TokenProvider {
  return { token: async () => token, refreshable: false };
}

export interface ClientCredentialsOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** Renew this long before `expires_in` runs out, so a token never expires mid-request. */
  refreshMarginSeconds?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * The OAuth 2.0 client-credentials grant against the issuer's token endpoint (found through its
 * discovery document, `${issuer}/token` when it has none). The token is kept until shortly
 * before it expires.
 */
export function clientCredentials(options: ClientCredentialsOptions): TokenProvider {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const margin = (options.refreshMarginSeconds ?? 30) * 1000;
  let endpoint: string | undefined;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const tokenEndpoint = async (): Promise<string> => {
    if (endpoint) return endpoint;
    const issuer = options.issuer.replace(/\/+$/, '');
    try {
      const response = await doFetch(`${issuer}/.well-known/openid-configuration`);
      if (response.ok) {
        const discovered = ((await response.json()) as { token_endpoint?: string }).token_endpoint;
        if (discovered) {
          endpoint = discovered;
          return endpoint;
        }
      }
    } catch (error) {
      throw networkError(error);
    }
    endpoint = `${issuer}/token`;
    return endpoint;
  };

  const fetchToken = async (): Promise<string> => {
    const url = await tokenEndpoint();
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (options.scope) body.set('scope', options.scope);
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body,
      });
    } catch (error) {
      throw networkError(error);
    }
    const answer = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
      error_description?: string;
    };
    if (!response.ok || !answer.access_token) {
      const code = response.status >= 500 ? CLIENT_ERROR_CODES.http : CLIENT_ERROR_CODES.tokenRefused;
      throw new CairnError(
        code,
        `the token endpoint refused the client credentials: ${answer.error_description ?? answer.error ?? `HTTP ${response.status}`}`,
        { status: response.status },
      );
    }
    const lifetime = (answer.expires_in ?? 300) * 1000;
    cached = { token: answer.access_token, renewAt: now() + Math.max(lifetime - margin, lifetime / 2) };
    return answer.access_token;
  };

  return {
    refreshable: true,
    async token(refresh = false) {
      if (!refresh && cached && now() < cached.renewAt) return cached.token;
      // Concurrent part uploads share one token request instead of each starting their own.
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}
