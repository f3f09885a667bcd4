import type { AuthOptions } from 'next-auth';
import { portalConfig } from '../config';
import { type CairnProfile, cairnProvider } from './cairn-provider';
import { refreshAccessToken } from './refresh-access-token';
import { isSecureUrl, SESSION_MAX_AGE_SECONDS, sessionCookieName } from './session-cookie-name';
import { needsRefresh } from './token-expiry';

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

let cached: AuthOptions | undefined;

/**
 * next-auth's options. Sessions are encrypted JWTs in an httpOnly cookie: the access, refresh
 * and ID tokens stay on the server, and the `session` callback hands the browser only the
 * user's name, email, roles and teams.
 */
export function authOptions(): AuthOptions {
  if (cached) return cached;
  const config = portalConfig();
  const secure = isSecureUrl(config.PORTAL_URL);
  cached = {
    secret: config.PORTAL_AUTH_SECRET,
    providers: [cairnProvider(config)],
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: secure,
    cookies: {
      sessionToken: {
        name: sessionCookieName(config.PORTAL_URL),
        options: { httpOnly: true, sameSite: 'lax', path: '/', secure },
      },
    },
    pages: { signIn: '/signin', error: '/signin' },
    callbacks: {
      async jwt({ token, account, profile }) {
        if (account) {
          const claims = (profile ?? {}) as CairnProfile;
          return {
            sub: token.sub,
            name: token.name,
            email: token.email,
            roles: stringList(claims.cairn_roles),
            teams: stringList(claims.cairn_teams),
            accessToken: account.access_token,
            accessTokenExpires: account.expires_at ? account.expires_at * 1000 : undefined,
            refreshToken: account.refresh_token,
            idToken: account.id_token,
          };
        }
        if (token.error || !needsRefresh(token.accessTokenExpires)) return token;
        return refreshAccessToken(token);
      },
      session({ session, token }) {
        return {
          expires: session.expires,
          user: { name: token.name, email: token.email, roles: token.roles ?? [], teams: token.teams ?? [] },
          ...(token.error ? { error: token.error } : {}),
        };
      },
    },
  };
  return cached;
}
