import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { DevIdpConfig } from '@cairn/config';
import { type Configuration, errors, type JWK, type KoaContextWithOIDC } from 'oidc-provider';
import { findAccountBySub } from './accounts';
import { clientMetadata, PKCE_REQUIRED_CLIENT_IDS, serviceIdentityOf } from './clients';
import { logoutPage, messagePage, signedOutPage } from './login-page';

/**
 * The resource indicator that stands for the Cairn API. Clients need not send it: it is the
 * default resource, and tokens issued for it carry `aud` = `OIDC_AUDIENCE`.
 */
export const API_RESOURCE = 'urn:cairn:api';
/**
 * The API's one resource scope. Optional: tokens for the API are issued without it, and it
 * appears in the token's `scope` only when a client asks for it (`scope=cairn:api`).
 */
export const API_SCOPE = 'cairn:api';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A fresh RSA signing key per process: tokens die with the process, which suits a dev IdP. */
async function signingKey(): Promise<JWK> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: `dev-${Date.now().toString(36)}`, use: 'sig', alg: 'RS256' } as JWK;
}

/**
 * The oidc-provider configuration. It uses the built-in memory adapter: sessions, grants and
 * refresh tokens are lost on restart, which is acceptable for local development only.
 */
export async function providerConfiguration(config: DevIdpConfig): Promise<Configuration> {
  return {
    clients: clientMetadata(config.PORTAL_URL),
    jwks: { keys: [await signingKey()] },
    cookies: { keys: [config.DEV_IDP_COOKIE_SECRET] },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'groups'],
    },
    // Put the scope's claims into the ID token too, so the portal can read the groups
    // from it: the access token is for the API and is not accepted at the userinfo endpoint.
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => {
      const account = findAccountBySub(sub);
      if (!account) return undefined;
      return {
        accountId: account.sub,
        claims: () => ({
          sub: account.sub,
          email: account.email,
          email_verified: true,
          name: account.name,
          groups: [...account.groups],
        }),
      };
    },
    extraTokenClaims: (_ctx, token) => {
      if (token.kind === 'ClientCredentials') {
        const identity = token.clientId ? serviceIdentityOf(token.clientId) : undefined;
        return { groups: [...(identity?.groups ?? [])] };
      }
      const account = token.accountId ? findAccountBySub(token.accountId) : undefined;
      if (!account) return undefined;
      return {
        email: account.email,
        name: account.name,
        groups: [...account.groups],
      };
    },
    // The built-in pages load web fonts from Google; these are self-contained.
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = messagePage('Sign-in error', out.error_description ?? out.error);
    },
    pkce: { required: (_ctx, client) => PKCE_REQUIRED_CLIENT_IDS.has(client.clientId) },
    features: {
      // The built-in login form accepts any password; our own routes check the demo accounts.
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: {
        enabled: true,
        // A client may revoke only its own tokens.
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = signedOutPage(ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId);
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: KoaContextWithOIDC, resourceIndicator: string) => {
          if (resourceIndicator !== API_RESOURCE) {
            throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
          }
          return {
            audience: config.OIDC_AUDIENCE,
            scope: API_SCOPE,
            accessTokenTTL: 15 * MINUTE,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    ttl: {
      AccessToken: 15 * MINUTE,
      AuthorizationCode: MINUTE,
      ClientCredentials: 15 * MINUTE,
      IdToken: HOUR,
      RefreshToken: DAY,
      Grant: DAY,
      Session: DAY,
      Interaction: HOUR,
    },
  };
}
