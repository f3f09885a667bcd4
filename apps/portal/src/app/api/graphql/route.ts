import { accessTokenForRequest } from '@/lib/auth/session-token';
import { portalConfig } from '@/lib/config';
import { gatewayFetch, requestIdFrom } from '@/lib/gateway/gateway-fetch';
import { isSameOrigin } from '@/lib/security/same-origin';

const MAX_BODY_BYTES = 256 * 1024;

function graphqlError(status: number, code: string, message: string, requestId: string): Response {
  return Response.json(
    { errors: [{ message, extensions: { code } }] },
    { status, headers: { 'x-request-id': requestId, 'cache-control': 'no-store' } },
  );
}

/**
 * The browser's only way to the API. It adds the user's access token, which never leaves the
 * server, and forwards the GraphQL POST to the gateway unchanged.
 */
export async function POST(req: Request): Promise<Response> {
  const requestId = requestIdFrom(req.headers.get('x-request-id'));
  // Only the portal's own pages may spend the session (CSRF); JSON only, as a second line: a
  // cross-site form cannot send it without a CORS preflight.
  if (!isSameOrigin(req.headers.get('origin'), portalConfig().PORTAL_URL)) {
    return graphqlError(403, 'FORBIDDEN', 'Requests must come from the portal itself.', requestId);
  }
  if (!req.headers.get('content-type')?.startsWith('application/json')) {
    return graphqlError(415, 'BAD_REQUEST', 'Send GraphQL requests as application/json.', requestId);
  }
  const accessToken = await accessTokenForRequest();
  if (!accessToken)
    return graphqlError(401, 'UNAUTHENTICATED', 'Your session has ended. Sign in again.', requestId);
  const body = await req.text();
  if (body.length > MAX_BODY_BYTES)
    return graphqlError(413, 'BAD_REQUEST', 'The request is too large.', requestId);

  let upstream: Response;
  try {
    upstream = await gatewayFetch(body, accessToken, requestId);
  } catch {
    return graphqlError(502, 'GATEWAY_UNAVAILABLE', 'The Cairn API did not answer. Try again.', requestId);
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'x-request-id': requestId,
      'cache-control': 'no-store',
    },
  });
}
