import { accessTokenForRequest } from '@/lib/auth/session-token';
import { portalConfig } from '@/lib/config';
import { requestIdFrom } from '@/lib/gateway/gateway-fetch';

const FORWARDED = ['from', 'to', 'subject', 'outcome'];

/**
 * The access log's JSON Lines export for a signed-in browser: a download link cannot carry the
 * bearer token, so this adds it (the token never leaves the server) and streams the gateway's
 * `/access-log.jsonl` through. Only reads; the gateway and governance decide who may.
 */
export async function GET(req: Request): Promise<Response> {
  const requestId = requestIdFrom(req.headers.get('x-request-id'));
  const accessToken = await accessTokenForRequest();
  if (!accessToken) {
    return Response.json(
      {
        errors: [
          { message: 'Your session has ended. Sign in again.', extensions: { code: 'UNAUTHENTICATED' } },
        ],
      },
      { status: 401 },
    );
  }
  const incoming = new URL(req.url).searchParams;
  const target = new URL('/access-log.jsonl', portalConfig().GATEWAY_URL);
  for (const name of FORWARDED) {
    const value = incoming.get(name);
    if (value) target.searchParams.set(name, value);
  }
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      headers: { authorization: `Bearer ${accessToken}`, 'x-request-id': requestId },
      cache: 'no-store',
    });
  } catch {
    return Response.json(
      {
        errors: [
          {
            message: 'The Cairn API did not answer. Try again.',
            extensions: { code: 'GATEWAY_UNAVAILABLE' },
          },
        ],
      },
      { status: 502 },
    );
  }
  const headers = new Headers({ 'x-request-id': requestId, 'cache-control': 'no-store' });
  for (const name of ['content-type', 'content-disposition']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers });
}
