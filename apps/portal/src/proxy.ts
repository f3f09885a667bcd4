import { type NextFetchEvent, NextResponse } from 'next/server';
import { type NextMiddlewareWithAuth, type NextRequestWithAuth, withAuth } from 'next-auth/middleware';
import { renewSession } from './lib/auth/renew-session';
import { sessionCookieName } from './lib/auth/session-cookie-name';
import { portalConfig } from './lib/config';
import { gatewayDownloadUrl } from './lib/gateway/artifact-download';
import { gatewayAuditExportUrl } from './lib/gateway/audit-export-download';
import { relayDownload } from './lib/gateway/relay-download';
import { HSTS_HEADER, servedOverHttps } from './lib/security/security-headers';

let handler: NextMiddlewareWithAuth | undefined;

/**
 * Every page needs a session: a signed-out visitor is sent to `/signin?callbackUrl=<page>`
 * and comes back after signing in. API routes are let through so they can answer 401 with
 * a GraphQL error instead of a redirect. Signed-in requests get their token refreshed here.
 * File downloads (`/api/artifacts/…`) and the audit export (`/api/audit/export`) are relayed
 * to the gateway from here (`relayDownload`).
 */
function buildHandler(): NextMiddlewareWithAuth {
  const config = portalConfig();
  return withAuth(
    (req: NextRequestWithAuth) => {
      const download =
        gatewayDownloadUrl(req.nextUrl.pathname, config.GATEWAY_URL) ??
        gatewayAuditExportUrl(req.nextUrl, config.GATEWAY_URL);
      if (download) return relayDownload(req, download);
      return req.nextauth.token ? renewSession(req, req.nextauth.token) : NextResponse.next();
    },
    {
      secret: config.PORTAL_AUTH_SECRET,
      cookies: { sessionToken: { name: sessionCookieName(config.PORTAL_URL) } },
      pages: { signIn: '/signin' },
      callbacks: {
        authorized: ({ req, token }) => req.nextUrl.pathname.startsWith('/api/') || (!!token && !token.error),
      },
    },
  );
}

export default async function proxy(req: NextRequestWithAuth, event: NextFetchEvent) {
  handler ??= buildHandler();
  const response = await handler(req, event);
  if (response && servedOverHttps(req.nextUrl, req.headers.get('x-forwarded-proto'))) {
    response.headers.set(HSTS_HEADER.key, HSTS_HEADER.value);
  }
  return response;
}

export const config = {
  // next-auth's own routes, Next's assets and the sign-in page need no session.
  matcher: ['/((?!api/auth|_next/static|_next/image|favicon.ico|icon.svg|signin).*)'],
};
