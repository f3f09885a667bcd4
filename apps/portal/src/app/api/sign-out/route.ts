import { endSessionUrl } from '@/lib/auth/end-session-url';
import { oidcMetadata } from '@/lib/auth/oidc-metadata';
import { readSessionToken } from '@/lib/auth/session-token';
import { portalConfig } from '@/lib/config';

/**
 * Step one of signing out: tells the browser where the IdP ends its own session (with the
 * ID token as a hint). The browser then clears the portal session through next-auth and goes
 * there, so the next sign-in shows the IdP's login form again.
 */
export async function POST(req: Request): Promise<Response> {
  const config = portalConfig();
  const portalUrl = config.PORTAL_URL.replace(/\/+$/, '');
  const origin = req.headers.get('origin');
  if (origin && origin !== new URL(portalUrl).origin) {
    return Response.json({ error: 'cross-origin request refused' }, { status: 403 });
  }
  const token = await readSessionToken();
  let url = '/signin';
  try {
    const { end_session_endpoint } = await oidcMetadata(config.OIDC_ISSUER);
    if (end_session_endpoint) {
      url = endSessionUrl({
        endpoint: end_session_endpoint,
        clientId: config.PORTAL_OIDC_CLIENT_ID,
        postLogoutRedirectUri: portalUrl,
        idToken: token?.idToken,
      });
    }
  } catch {
    // The IdP is unreachable: the portal session still ends, the IdP session may not.
  }
  return Response.json({ url }, { headers: { 'cache-control': 'no-store' } });
}
