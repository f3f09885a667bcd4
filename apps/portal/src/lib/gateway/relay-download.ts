import { NextResponse } from 'next/server';
import type { NextRequestWithAuth } from 'next-auth/middleware';
import { renewSession } from '../auth/renew-session';
import { needsRefresh } from '../auth/token-expiry';
import { downloadRequestHeaders } from './artifact-download';
import { requestIdFrom } from './gateway-fetch';

/** Marks the one retry after a refresh, so a token that is always "about to expire" cannot loop. */
const RENEWED = 'renewed';

/**
 * A file download for a signed-in browser, relayed by the proxy rather than a route handler:
 * Next drops `Content-Length` from route handlers' answers, while a rewrite to the gateway is
 * streamed through as the gateway sends it (status, length, ranges, ETag, file name), never
 * buffered, and cut when the client hangs up. The request carries the session's token and
 * nothing else of the browser's (see `downloadRequestHeaders`); the gateway and the registry
 * decide what the caller may read.
 */
export async function relayDownload(req: NextRequestWithAuth, target: URL): Promise<NextResponse> {
  const requestId = requestIdFrom(req.headers.get('x-request-id'));
  const token = req.nextauth.token;
  if (!token?.accessToken || token.error) {
    return NextResponse.json(
      {
        errors: [
          { message: 'Your session has ended. Sign in again.', extensions: { code: 'UNAUTHENTICATED' } },
        ],
      },
      { status: 401, headers: { 'x-request-id': requestId, 'cache-control': 'no-store' } },
    );
  }
  if (needsRefresh(token.accessTokenExpires) && !req.nextUrl.searchParams.has(RENEWED)) {
    // A rewrite cannot hand the refreshed session to the browser reliably, and an unsaved
    // refresh could spend a rotated refresh token: save it, then ask again with the new cookie.
    const renewed = await renewSession(req, token);
    const again = new URL(req.nextUrl);
    again.searchParams.set(RENEWED, '1');
    const redirect = NextResponse.redirect(again, 307);
    for (const cookie of renewed.cookies.getAll()) redirect.cookies.set(cookie);
    return redirect;
  }
  return NextResponse.rewrite(target, {
    request: { headers: downloadRequestHeaders(req.headers, token.accessToken, requestId) },
  });
}
