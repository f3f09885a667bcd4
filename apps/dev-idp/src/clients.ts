import type { ClientMetadata } from 'oidc-provider';

/** A client seeded into the dev IdP, with the identity its client-credentials tokens carry. */
export interface DemoClient {
  clientId: string;
  clientSecret: string;
  /** Groups put into client-credentials access tokens; absent for user-facing clients. */
  serviceIdentity?: { groups: readonly string[] };
}

/** A machine client for scripts and CLIs: client credentials only, no browser. */
export const DEV_TOOL_CLIENT: DemoClient = Object.freeze({
  clientId: 'cairn-dev-tool',
  clientSecret: 'cairn-dev-secret',
  serviceIdentity: {
    groups: [
      'cairn-fraud-detection-contributors',
      'cairn-recommendations-contributors',
      'cairn-search-ranking-contributors',
      'cairn-platform-contributors',
    ],
  },
});

/** The Next.js portal (next-auth provider id `cairn`): authorization code + PKCE. */
export const PORTAL_CLIENT: DemoClient = Object.freeze({
  clientId: 'cairn-portal',
  clientSecret: 'cairn-portal-secret',
});

/** next-auth's callback path for a provider with id `cairn`. */
export const PORTAL_CALLBACK_PATH = '/api/auth/callback/cairn';

export const DEMO_CLIENTS: readonly DemoClient[] = Object.freeze([DEV_TOOL_CLIENT, PORTAL_CLIENT]);

/** Clients that must use PKCE on the authorization-code flow. */
export const PKCE_REQUIRED_CLIENT_IDS: ReadonlySet<string> = new Set([PORTAL_CLIENT.clientId]);

export function serviceIdentityOf(clientId: string): DemoClient['serviceIdentity'] {
  return DEMO_CLIENTS.find((client) => client.clientId === clientId)?.serviceIdentity;
}

/** The oidc-provider registrations for the seeded clients. */
export function clientMetadata(portalUrl: string): ClientMetadata[] {
  const portal = portalUrl.replace(/\/+$/, '');
  return [
    {
      client_id: DEV_TOOL_CLIENT.clientId,
      client_secret: DEV_TOOL_CLIENT.clientSecret,
      client_name: 'Cairn dev tool',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: PORTAL_CLIENT.clientId,
      client_secret: PORTAL_CLIENT.clientSecret,
      client_name: 'Cairn portal',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${portal}${PORTAL_CALLBACK_PATH}`],
      post_logout_redirect_uris: [portal],
    },
  ];
}
