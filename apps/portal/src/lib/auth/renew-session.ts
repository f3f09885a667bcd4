import { type NextRequest, NextResponse } from 'next/server';
import { encode, type JWT } from 'next-auth/jwt';
import { portalConfig } from '../config';
import { refreshAccessToken } from './refresh-access-token';
import { applyToCookieHeader, sessionCookieWrites } from './session-cookie-chunks';
import { isSecureUrl, SESSION_MAX_AGE_SECONDS, sessionCookieName } from './session-cookie-name';
import { signInPath } from './sign-in-path';
import { needsRefresh } from './token-expiry';

/**
 * Runs in the proxy before every page and API request. Server components cannot write
 * cookies, so this is where a refreshed access token gets persisted: the new session cookie
 * goes to the browser and, for the rest of this request, to the page or route handler.
 */
export async function renewSession(req: NextRequest, token: JWT): Promise<NextResponse> {
  if (token.error || !needsRefresh(token.accessTokenExpires)) return NextResponse.next();
  const fresh = await refreshAccessToken(token);
  const config = portalConfig();
  const name = sessionCookieName(config.PORTAL_URL);
  const value = await encode({
    token: fresh,
    secret: config.PORTAL_AUTH_SECRET,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  const writes = sessionCookieWrites(
    name,
    value,
    req.cookies.getAll().map((c) => c.name),
  );

  let res: NextResponse;
  if (fresh.error && !req.nextUrl.pathname.startsWith('/api/')) {
    const back = `${req.nextUrl.pathname}${req.nextUrl.search}`;
    res = NextResponse.redirect(new URL(signInPath(back, 'SessionExpired'), req.nextUrl.origin));
  } else {
    const headers = new Headers(req.headers);
    headers.set('cookie', applyToCookieHeader(req.cookies.getAll(), writes));
    res = NextResponse.next({ request: { headers } });
  }
  const secure = isSecureUrl(config.PORTAL_URL);
  for (const w of writes) {
    res.cookies.set(w.name, w.value, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure,
      maxAge: w.value ? SESSION_MAX_AGE_SECONDS : 0,
    });
  }
  return res;
}
