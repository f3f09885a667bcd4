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
    })
    .superRefine(requireSecretsInProduction)
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
  SEED_DEMO_DATA: bool(true),
});
export type StackConfig = z.infer<typeof stackSchema>;

/** What the test harness reads: an external Postgres to use instead of an embedded one. */
export const testSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  CI: bool(false),
});
