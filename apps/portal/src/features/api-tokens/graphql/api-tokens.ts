const TOKEN_FIELDS = /* GraphQL */ `
  id
  name
  scopes
  hint
  createdAt
  expiresAt
  revokedAt
  lastUsedAt
  lastUsedClient
`;

export const API_TOKENS_QUERY = /* GraphQL */ `
  query ApiTokens {
    apiTokens(first: 100) { totalCount edges { node { ${TOKEN_FIELDS} } } }
  }
`;

export const CREATE_API_TOKEN = /* GraphQL */ `
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) { secret token { ${TOKEN_FIELDS} } }
  }
`;

export const REVOKE_API_TOKEN = /* GraphQL */ `
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) { ${TOKEN_FIELDS} }
  }
`;

export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  /** Prefix and last four characters, e.g. `cairn_pat_…x9Qa`. */
  hint: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  lastUsedClient: string | null;
}

export type ApiTokensData = { apiTokens: { totalCount: number; edges: { node: ApiToken }[] } };
export type CreateApiTokenData = { createApiToken: { secret: string; token: ApiToken } };
export type RevokeApiTokenData = { revokeApiToken: ApiToken };

export const SCOPES = ['READ', 'WRITE', 'PROMOTE', 'ADMIN', 'SERVING_REPORT'] as const;
