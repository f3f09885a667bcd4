import type { PortalConfig } from '@cairn/config';
import type { OAuthConfig } from 'next-auth/providers/oauth';

/** The claims the dev IdP (and any Cairn IdP) puts into the ID token. */
export interface CairnProfile extends Record<string, unknown> {
  sub: string;
  email?: string;
  name?: string;
  cairn_roles?: string[];
  cairn_teams?: string[];
}

/**
 * The generic OIDC provider. Its id must be `cairn`: the IdP registers the portal's redirect
 * URI as `${PORTAL_URL}/api/auth/callback/cairn`.
 */
export function cairnProvider(config: PortalConfig): OAuthConfig<CairnProfile> {
  const issuer = config.OIDC_ISSUER.replace(/\/+$/, '');
  return {
    id: 'cairn',
    name: 'Cairn',
    type: 'oauth',
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: config.PORTAL_OIDC_CLIENT_ID,
    clientSecret: config.PORTAL_OIDC_CLIENT_SECRET,
    client: { token_endpoint_auth_method: 'client_secret_basic' },
    authorization: {
      // offline_access yields a refresh token only together with prompt=consent; the dev IdP
      // grants consent for its first-party clients without showing anything.
      params: { scope: 'openid profile email offline_access', prompt: 'consent' },
    },
    checks: ['pkce', 'state'],
    // The access token is a JWT for the API and the userinfo endpoint refuses it, so the
    // profile comes from the ID token's claims.
    idToken: true,
    profile: (profile) => ({
      id: profile.sub,
      name: profile.name ?? profile.email ?? profile.sub,
      email: profile.email ?? null,
    }),
  };
}
