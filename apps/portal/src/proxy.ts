import { type NextFetchEvent, NextResponse } from 'next/server';
import { type NextMiddlewareWithAuth, type NextRequestWithAuth, withAuth } from 'next-auth/middleware';
import { renewSession } from './lib/auth/renew-session';
import { sessionCookieName } from './lib/auth/session-cookie-name';
import { portalConfig } from './lib/config';

let handler: NextMiddlewareWithAuth | undefined;

/**
 * Every page needs a session: a signed-out visitor is sent to `/signin?callbackUrl=<page>`
 * and comes back after signing in. API routes are let through so they can answer 401 with
 * a GraphQL error instead of a redirect. Signed-in requests get their token refreshed here.
 */
function buildHandler(): NextMiddlewareWithAuth {
  const config = portalConfig();
  return withAuth(
    (req: NextRequestWithAuth) =>
      req.nextauth.token ? renewSession(req, req.nextauth.token) : NextResponse.next(),
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

export default function proxy(req: NextRequestWithAuth, event: NextFetchEvent) {
  handler ??= buildHandler();
  return handler(req, event);
}

export const config = {
  // next-auth's own routes, Next's assets and the sign-in page need no session.
  matcher: ['/((?!api/auth|_next/static|_next/image|favicon.ico|icon.svg|signin).*)'],
};
