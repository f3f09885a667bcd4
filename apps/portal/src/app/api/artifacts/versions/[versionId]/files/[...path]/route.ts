import { accessTokenForRequest } from '@/lib/auth/session-token';
import { portalConfig } from '@/lib/config';
import {
  forwardedRequestHeaders,
  gatewayDownloadUrl,
  passedBackHeaders,
} from '@/lib/gateway/artifact-download';
import { requestIdFrom } from '@/lib/gateway/gateway-fetch';

function refuse(status: number, code: string, message: string, requestId: string): Response {
  return Response.json(
    { errors: [{ message, extensions: { code } }] },
    { status, headers: { 'x-request-id': requestId, 'cache-control': 'no-store' } },
  );
}

/**
 * A file of a version for a signed-in browser: a download link cannot carry the bearer token,
 * so this adds the session's (it never leaves the server) and streams the gateway's answer
 * through as it arrives: status, length, ranges, ETag and file name. Nothing is buffered, and a
 * client that hangs up aborts the gateway request. The gateway and the registry decide who may
 * read what; a hidden version is their 404, passed on.
 */
async function relay(req: Request, method: 'GET' | 'HEAD'): Promise<Response> {
  const requestId = requestIdFrom(req.headers.get('x-request-id'));
  const target = gatewayDownloadUrl(new URL(req.url).pathname, portalConfig().GATEWAY_URL);
  if (!target) return refuse(404, 'NOT_FOUND', 'No such download.', requestId);
  const accessToken = await accessTokenForRequest();
  if (!accessToken)
    return refuse(401, 'UNAUTHENTICATED', 'Your session has ended. Sign in again.', requestId);
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method,
      headers: {
        ...forwardedRequestHeaders(req.headers),
        authorization: `Bearer ${accessToken}`,
        'x-request-id': requestId,
      },
      cache: 'no-store',
      redirect: 'manual',
      signal: req.signal,
    });
  } catch {
    return refuse(502, 'GATEWAY_UNAVAILABLE', 'The Cairn API did not answer. Try again.', requestId);
  }
  return new Response(method === 'HEAD' ? null : upstream.body, {
    status: upstream.status,
    headers: passedBackHeaders(upstream.headers, requestId),
  });
}

export function GET(req: Request): Promise<Response> {
  return relay(req, 'GET');
}

export function HEAD(req: Request): Promise<Response> {
  return relay(req, 'HEAD');
}
