import { portalConfig } from '../config';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Reuses a well-formed incoming `x-request-id` so one id follows the request end to end. */
export function requestIdFrom(incoming: string | null): string {
  return incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/**
 * The one way the portal's server talks to the gateway: a GraphQL POST carrying the user's
 * access token. Used by the `/api/graphql` route (for urql in the browser) and by server
 * components directly.
 */
export function gatewayFetch(body: string, accessToken: string, requestId: string): Promise<Response> {
  return fetch(portalConfig().GATEWAY_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${accessToken}`,
      'x-request-id': requestId,
    },
    body,
    cache: 'no-store',
    signal: AbortSignal.timeout(15_000),
  });
}
