import { z } from 'zod';
import { bool, port, secret } from './load';

/**
 * Development defaults. They only apply when a variable is unset and NODE_ENV is not
 * `production`; production must set every secret explicitly.
 */
export const DEV_INTERNAL_SECRET = 'cairn-dev-internal-identity-secret-change-me';
export const DEV_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:54329/cairn';

const isProduction = (env: { NODE_ENV?: string }) => env.NODE_ENV === 'production';

const common = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
};

const internalIdentity = {
  CAIRN_INTERNAL_SECRET: secret(
    'CAIRN_INTERNAL_SECRET',
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  CAIRN_INTERNAL_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
};

function requireSecretsInProduction<T extends { NODE_ENV: string; CAIRN_INTERNAL_SECRET?: string }>(
  env: T,
  ctx: z.RefinementCtx,
) {
  if (isProduction(env) && !env.CAIRN_INTERNAL_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['CAIRN_INTERNAL_SECRET'], message: 'required in production' });
  }
}

function withSecretDefault<T extends { CAIRN_INTERNAL_SECRET?: string }>(env: T) {
  return { ...env, CAIRN_INTERNAL_SECRET: env.CAIRN_INTERNAL_SECRET ?? DEV_INTERNAL_SECRET };
}

export const SUBGRAPH_NAMES = ['registry', 'lineage', 'governance', 'metrics'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const SUBGRAPH_DEFAULT_PORTS: Record<SubgraphName, number> = {
  registry: 4001,
  lineage: 4002,
  governance: 4003,
  metrics: 4004,
};

const database = {
  DATABASE_URL: secret('DATABASE_URL', z.string().url().default(DEV_DATABASE_URL)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
};

/** Catalog search; only the registry reads these. */
const search = {
  /** When set (and SEARCH_ENGINE is auto), search runs on Elasticsearch; otherwise on Postgres. */
  ELASTICSEARCH_URL: z.string().url().optional(),
  SEARCH_ENGINE: z.enum(['auto', 'elasticsearch', 'postgres']).default('auto'),
  /** Prefix of the Elasticsearch alias and indices, e.g. `cairn` → alias `cairn-models`. */
  SEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "_" and "-"')
    .default('cairn'),
  /**
   * `postgres`: with Elasticsearch in use, also keep the PostgreSQL index current and answer
   * from it while Elasticsearch is away, instead of SEARCH_UNAVAILABLE.
   */
  SEARCH_FALLBACK: z.enum(['none', 'postgres']).default('none'),
};

function requireSearchUrl<T extends { SEARCH_ENGINE: string; ELASTICSEARCH_URL?: string }>(
  env: T,
  ctx: z.RefinementCtx,
) {
  if (env.SEARCH_ENGINE === 'elasticsearch' && !env.ELASTICSEARCH_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['ELASTICSEARCH_URL'],
      message: 'required when SEARCH_ENGINE=elasticsearch',
    });
  }
}

export function subgraphSchema(name: SubgraphName) {
  const portKey = `${name.toUpperCase()}_PORT`;
  return z
    .object({
      ...common,
      ...internalIdentity,
      ...database,
      [portKey]: port(SUBGRAPH_DEFAULT_PORTS[name]),
      /** How often a subgraph catches up on other subgraphs' event logs in the background. */
      EVENT_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
      /** A failing consumer retries after the interval, doubling up to this (jittered). */
      EVENT_RETRY_MAX_INTERVAL_MS: z.coerce.number().int().min(50).default(60_000),
      ...search,
    })
    .superRefine(requireSecretsInProduction)
    .superRefine(requireSearchUrl)
    .transform((env) => ({
      ...withSecretDefault(env),
      PORT: (env as Record<string, unknown>)[portKey] as number,
    }));
}
export type SubgraphConfig = z.infer<ReturnType<typeof subgraphSchema>>;

const auth = {
  OIDC_ISSUER: z.string().url().default('http://localhost:4010'),
  /** Defaults to the issuer's discovery document when unset. */
  OIDC_JWKS_URI: z.string().url().optional(),
  OIDC_AUDIENCE: z.string().min(1).default('cairn-api'),
  OIDC_ALGORITHMS: z
    .string()
    .default('RS256,ES256,PS256')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  AUTH_ROLES_CLAIM: z.string().min(1).default('cairn_roles'),
  AUTH_TEAMS_CLAIM: z.string().min(1).default('cairn_teams'),
};

export const gatewaySchema = z
  .object({
    ...common,
    ...internalIdentity,
    ...auth,
    GATEWAY_PORT: port(4000),
    REGISTRY_URL: z.string().url().default('http://127.0.0.1:4001/graphql'),
    LINEAGE_URL: z.string().url().default('http://127.0.0.1:4002/graphql'),
    GOVERNANCE_URL: z.string().url().default('http://127.0.0.1:4003/graphql'),
    METRICS_URL: z.string().url().default('http://127.0.0.1:4004/graphql'),
    SUPERGRAPH_PATH: z.string().optional(),
    MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
    MAX_QUERY_COST: z.coerce.number().int().min(1).default(5000),
    GRAPHQL_INTROSPECTION: bool(true),
  })
  .superRefine(requireSecretsInProduction)
  .transform(withSecretDefault);
export type GatewayConfig = z.infer<typeof gatewaySchema>;

export const devIdpSchema = z.object({
  ...common,
  DEV_IDP_PORT: port(4010),
  DEV_IDP_ISSUER: z.string().url().default('http://localhost:4010'),
  OIDC_AUDIENCE: auth.OIDC_AUDIENCE,
  PORTAL_URL: z.string().url().default('http://localhost:3000'),
  DEV_IDP_COOKIE_SECRET: secret(
    'DEV_IDP_COOKIE_SECRET',
    z.string().min(32).default('cairn-dev-idp-cookie-secret-not-for-production'),
  ),
});
export type DevIdpConfig = z.infer<typeof devIdpSchema>;

export const stackSchema = z.object({
  ...common,
  CAIRN_DATA_DIR: z.string().default('.data'),
  EMBEDDED_POSTGRES_PORT: port(54329),
  DATABASE_URL: secret('DATABASE_URL', z.string().url().optional()),
  OIDC_ISSUER: z.string().url().optional(),
  ELASTICSEARCH_URL: z.string().url().optional(),
  /** Where `npm start` runs its own Elasticsearch when ELASTICSEARCH_URL is unset and Java + Maven exist. */
  EMBEDDED_ELASTICSEARCH_PORT: port(9200),
  PORTAL_PORT: port(3000),
  PORTAL_URL: z.string().url().default('http://localhost:3000'),
  SEED_DEMO_DATA: bool(true),
});
export type StackConfig = z.infer<typeof stackSchema>;

/** What the test harness reads: an external Postgres to use instead of an embedded one. */
export const testSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  ELASTICSEARCH_URL: z.string().url().optional(),
  CI: bool(false),
});

export const DEV_PORTAL_AUTH_SECRET = 'cairn-dev-portal-session-secret-not-for-production';

/** The portal (Next.js). Its OIDC client is the confidential `cairn-portal` client by default. */
export const portalSchema = z
  .object({
    NODE_ENV: common.NODE_ENV,
    PORTAL_PORT: port(3000),
    /** The portal's public URL; sign-in callbacks come back here. */
    PORTAL_URL: z.string().url().default('http://localhost:3000'),
    PORTAL_AUTH_SECRET: secret('PORTAL_AUTH_SECRET', z.string().min(32).optional()),
    OIDC_ISSUER: auth.OIDC_ISSUER,
    PORTAL_OIDC_CLIENT_ID: z.string().min(1).default('cairn-portal'),
    PORTAL_OIDC_CLIENT_SECRET: secret(
      'PORTAL_OIDC_CLIENT_SECRET',
      z.string().min(1).default('cairn-portal-secret'),
    ),
    /** Where the portal's server reaches the gateway. */
    GATEWAY_URL: z.string().url().default('http://127.0.0.1:4000/graphql'),
  })
  .superRefine((env, ctx) => {
    if (isProduction(env) && !env.PORTAL_AUTH_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['PORTAL_AUTH_SECRET'], message: 'required in production' });
    }
  })
  .transform((env) => ({ ...env, PORTAL_AUTH_SECRET: env.PORTAL_AUTH_SECRET ?? DEV_PORTAL_AUTH_SECRET }));
export type PortalConfig = z.infer<typeof portalSchema>;
