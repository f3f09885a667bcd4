import { z } from 'zod';
import {
  containsDevelopmentKey,
  DEV_IDENTITY_PRIVATE_KEY,
  DEV_IDENTITY_PUBLIC_KEY,
  identitySigningKey,
  identityVerificationKeys,
} from './identity-keys';
import { bool, port, secret } from './load';
import { requireSigningSettings, signingKeys, withSigningDefaults } from './signing';
import { telemetryKeys } from './telemetry';
import { DEV_WEBHOOK_SECRET_KEY, requireWebhookSecretKey, webhookKeys } from './webhooks';

/**
 * Development defaults. They apply only when the mode is `development` or `test`; in
 * production (which is also the mode when NODE_ENV is unset) every secret and key must be set,
 * and the published development values are refused by name.
 */
export const DEV_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:54329/cairn';

const mode = z.enum(['development', 'test', 'production']);

const common = {
  NODE_ENV: mode.default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
};

/**
 * For the services that guard data (gateway, subgraphs): an unset NODE_ENV means production, so
 * a service started by hand or by an orchestrator that forgot the variable never runs on the
 * development key. `npm start`, the tests and the benchmark say `development` or `test`.
 */
const guardedCommon = { ...common, NODE_ENV: mode.default('production') };

const isProduction = (env: { NODE_ENV?: string }) => env.NODE_ENV === 'production';

function requireKey(
  env: { NODE_ENV: string } & Record<string, unknown>,
  ctx: z.RefinementCtx,
  name: string,
  kind: string,
) {
  if (!isProduction(env)) return;
  const value = env[name];
  if (typeof value !== 'string' || value.trim() === '') {
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message: `required in production (NODE_ENV is production or unset): the ${kind}`,
    });
  } else if (containsDevelopmentKey(value)) {
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message: `is the published development key, which is refused in production: generate your own (see README, "Identity keys")`,
    });
  }
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
  /** The services' connection: a login that is a member of `cairn_service` and owns nothing. */
  /** Required in production: the development default names the embedded server's superuser. */
  DATABASE_URL: secret('DATABASE_URL', z.string().url().optional()),
  /** The owner's connection, used only by `migrate`; DATABASE_URL when unset. */
  DATABASE_MIGRATION_URL: secret('DATABASE_MIGRATION_URL', z.string().url().optional()),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Postgres cancels a service's statement after this long (0 turns the limit off). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  /** Postgres ends a service's session left idle this long inside a transaction (0: off). */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(60_000),
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

/** Registration's sensitive-data checks; only the registry reads this. */
const sensitiveData = {
  /**
   * Comma-separated rule ids of `@cairn/sensitive-data` to switch off, e.g. `pii/nl-bsn,secret/aws`.
   * The scanner refuses ids it does not know, so a typo fails start-up instead of silently
   * leaving a rule on.
   */
  SENSITIVE_DATA_DISABLED_RULES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
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

const SIGNING_SUBGRAPHS: readonly SubgraphName[] = ['registry', 'governance'];

export function subgraphSchema(name: SubgraphName) {
  const portKey = `${name.toUpperCase()}_PORT`;
  return (
    z
      .object({
        ...guardedCommon,
        /** The gateway's public key(s); several during a rotation. */
        CAIRN_IDENTITY_PUBLIC_KEYS: identityVerificationKeys,
        ...database,
        [portKey]: port(SUBGRAPH_DEFAULT_PORTS[name]),
        /** How often a subgraph catches up on other subgraphs' event logs in the background. */
        EVENT_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
        /** A failing consumer retries after the interval, doubling up to this (jittered). */
        EVENT_RETRY_MAX_INTERVAL_MS: z.coerce.number().int().min(50).default(60_000),
        ...search,
        ...sensitiveData,
        /** Governance: a promotion request nobody decided expires after this many hours. */
        PROMOTION_REQUEST_TTL_HOURS: z.coerce.number().int().min(1).max(8760).default(168),
        ...webhookKeys,
        /** Metrics: a feature whose PSI reaches this in a production window has drifted. */
        DRIFT_PSI_THRESHOLD: z.coerce.number().gt(0).max(10).default(0.2),
        /** Metrics: likewise for the binned two-sample KS statistic of a numeric feature. */
        DRIFT_KS_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.1),
        /** Governance: how often the audit chain's head is signed (a checkpoint), when it moved. */
        AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
        // Only the registry stores artifacts; the defaults cost the others nothing.
        ...artifactStoreKeys,
        // The registry signs versions' manifests (and governance its records) with this key.
        ...signingKeys,
        ...telemetryKeys,
      })
      .superRefine(requireS3Settings)
      // Only the subgraphs that sign need a key in production: the registry (versions) and
      // governance (its records); the others never open one.
      .superRefine((env, ctx) => {
        if (SIGNING_SUBGRAPHS.includes(name)) requireSigningSettings(env as never, ctx);
      })
      // Only governance keeps webhook secrets.
      .superRefine((env, ctx) => {
        if (name === 'governance') requireWebhookSecretKey(env, ctx);
      })
      .superRefine((env, ctx) =>
        requireKey(env, ctx, 'CAIRN_IDENTITY_PUBLIC_KEYS', "gateway's public identity key"),
      )
      .superRefine((env, ctx) => {
        if (isProduction(env) && !env.DATABASE_URL) {
          ctx.addIssue({
            code: 'custom',
            path: ['DATABASE_URL'],
            message: 'required in production (NODE_ENV is production or unset)',
          });
        }
      })
      .superRefine(requireSearchUrl)
      .transform((env) => ({
        ...withSigningDefaults(env as typeof env & { NODE_ENV: string }),
        DATABASE_URL: env.DATABASE_URL ?? DEV_DATABASE_URL,
        CAIRN_IDENTITY_PUBLIC_KEYS: env.CAIRN_IDENTITY_PUBLIC_KEYS ?? DEV_IDENTITY_PUBLIC_KEY,
        WEBHOOK_SECRET_KEY: env.WEBHOOK_SECRET_KEY?.trim() ?? DEV_WEBHOOK_SECRET_KEY,
        PORT: (env as Record<string, unknown>)[portKey] as number,
      }))
  );
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
  /** The token claim that lists the caller's groups at the identity provider. */
  AUTH_GROUPS_CLAIM: z.string().min(1).default('groups'),
  /** Groups named `<prefix><team>-<viewers|contributors|maintainers|approvers>` grant team roles. */
  AUTH_GROUP_PREFIX: z.string().default('cairn-'),
  /** Extra mappings for groups named otherwise: JSON `{ "<group>": "team:<slug>:<role>" | "org:<role>" }`. */
  AUTH_GROUP_MAP: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          const entries = Object.entries(parsed as Record<string, unknown>);
          const bad = entries.filter(
            ([, grant]) =>
              typeof grant !== 'string' ||
              !/^(org:(platform-admin|auditor|executive)|team:[a-z0-9]+(-[a-z0-9]+)*:(viewer|contributor|maintainer|approver))$/.test(
                grant,
              ),
          );
          if (bad.length === 0) return Object.fromEntries(entries) as Record<string, string>;
          ctx.addIssue({
            code: 'custom',
            message: `unreadable grants for groups: ${bad.map(([g]) => g).join(', ')}`,
          });
          return z.NEVER;
        }
      } catch {
        // reported below
      }
      ctx.addIssue({
        code: 'custom',
        message: 'must be a JSON object of group name to "team:<slug>:<role>" or "org:<role>"',
      });
      return z.NEVER;
    }),
};

export const gatewaySchema = z
  .object({
    ...guardedCommon,
    /** Signs the caller's identity for the subgraphs; only the gateway holds it. */
    CAIRN_IDENTITY_PRIVATE_KEY: identitySigningKey,
    CAIRN_INTERNAL_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    ...auth,
    GATEWAY_PORT: port(4000),
    REGISTRY_URL: z.string().url().default('http://127.0.0.1:4001/graphql'),
    LINEAGE_URL: z.string().url().default('http://127.0.0.1:4002/graphql'),
    GOVERNANCE_URL: z.string().url().default('http://127.0.0.1:4003/graphql'),
    METRICS_URL: z.string().url().default('http://127.0.0.1:4004/graphql'),
    SUPERGRAPH_PATH: z.string().optional(),
    /** Operation limits, each answered with its own error code before any subgraph is called. */
    MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
    MAX_QUERY_COST: z.coerce.number().int().min(1).default(5000),
    MAX_ALIASES: z.coerce.number().int().min(1).default(30),
    MAX_DIRECTIVES: z.coerce.number().int().min(1).default(20),
    MAX_REQUEST_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(256 * 1024),
    /** Requests per identity (or per address, before sign-in) per minute; 0 turns the limit off. */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
    /** How long the gateway waits for a subgraph before answering SUBGRAPH_TIMEOUT. */
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /**
     * How long the gateway reuses what governance answered about an OIDC caller (memberships
     * managed in Cairn), per subject and claimed rights; 0 asks on every request. API tokens are
     * never cached, so a revocation applies to the next request.
     */
    CALLER_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(5000),
    /**
     * Send queries planned as one fetch of exactly the client's selection straight to their
     * subgraph, past Apollo's pipeline (see docs/architecture.md, "The gateway"). A switch to
     * turn it off if a subgraph ever answers such a query differently from the full pipeline.
     */
    SINGLE_SUBGRAPH_ROUTE: bool(true),
    /**
     * The access log: entries wait in memory (at most ACCESS_LOG_BUFFER_SIZE; beyond that they
     * are counted and dropped, with a warning) and go to governance in batches of up to
     * ACCESS_LOG_BATCH_SIZE, at least every ACCESS_LOG_FLUSH_INTERVAL_MS.
     */
    ACCESS_LOG_BUFFER_SIZE: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
    ACCESS_LOG_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(200),
    ACCESS_LOG_FLUSH_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
    /** Bounds of one JSON Lines export (`GET /access-log.jsonl`). */
    ACCESS_LOG_EXPORT_MAX_DAYS: z.coerce.number().int().min(1).max(366).default(31),
    ACCESS_LOG_EXPORT_MAX_ROWS: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
    /** Schema introspection; on in development, off in production unless set. */
    GRAPHQL_INTROSPECTION: z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional(),
    ...telemetryKeys,
  })
  .superRefine((env, ctx) => requireKey(env, ctx, 'CAIRN_IDENTITY_PRIVATE_KEY', 'identity signing key'))
  .transform((env) => ({
    ...env,
    CAIRN_IDENTITY_PRIVATE_KEY: env.CAIRN_IDENTITY_PRIVATE_KEY ?? DEV_IDENTITY_PRIVATE_KEY,
    GRAPHQL_INTROSPECTION:
      env.GRAPHQL_INTROSPECTION === undefined
        ? !isProduction(env)
        : ['true', '1', 'yes'].includes(env.GRAPHQL_INTROSPECTION),
  }));
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
  /** An external Postgres for the services (see the subgraph schema); unset starts an embedded one. */
  DATABASE_URL: secret('DATABASE_URL', z.string().url().optional()),
  DATABASE_MIGRATION_URL: database.DATABASE_MIGRATION_URL,
  OIDC_ISSUER: z.string().url().optional(),
  ELASTICSEARCH_URL: z.string().url().optional(),
  /** Where `npm start` runs its own Elasticsearch when ELASTICSEARCH_URL is unset and Java + Maven exist. */
  EMBEDDED_ELASTICSEARCH_PORT: port(9200),
  PORTAL_PORT: port(3000),
  PORTAL_URL: z.string().url().default('http://localhost:3000'),
  SEED_DEMO_DATA: bool(true),
});
export type StackConfig = z.infer<typeof stackSchema>;

/** The dev S3 (S3Proxy) credentials that `npm run s3proxy` starts with; tests only. */
export const S3_TEST_ACCESS_KEY_ID = 'cairn-local';
export const S3_TEST_SECRET_ACCESS_KEY = 'cairn-local-secret';

const GIB = 1024 ** 3;

/**
 * Model artifacts (`@cairn/artifact-store`); only the registry reads these. Kept as a shape plus
 * a refinement so the registry can merge them into its own schema.
 */
export const artifactStoreKeys = {
  ARTIFACT_STORE: z.enum(['filesystem', 's3']).default('filesystem'),
  /** The filesystem store's root (objects under `sha256/`, sessions under `uploads/`). */
  ARTIFACT_DIR: z.string().min(1).default('.data/artifacts'),
  /** The largest artifact accepted, refused when an upload begins and again when it completes. */
  ARTIFACT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(20 * GIB),
  /** An upload session not completed within this long is refused and then cleaned up. */
  UPLOAD_SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(24 * 3600),
  /** Unset: AWS's own endpoint for S3_REGION. Any S3-compatible store otherwise (path-style). */
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ACCESS_KEY_ID: secret('S3_ACCESS_KEY_ID', z.string().min(1).optional()),
  S3_SECRET_ACCESS_KEY: secret('S3_SECRET_ACCESS_KEY', z.string().min(1).optional()),
};

export function requireS3Settings(
  env: { ARTIFACT_STORE: string } & Partial<
    Record<'S3_BUCKET' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY', string>
  >,
  ctx: z.RefinementCtx,
) {
  if (env.ARTIFACT_STORE !== 's3') return;
  for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
    if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when ARTIFACT_STORE=s3' });
  }
}

export const artifactStoreSchema = z.object(artifactStoreKeys).superRefine(requireS3Settings);
export type ArtifactStoreConfig = z.infer<typeof artifactStoreSchema>;

/** What the test harness reads: an external Postgres to use instead of an embedded one. */
export const testSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  ELASTICSEARCH_URL: z.string().url().optional(),
  /** An S3 API (`npm run s3proxy` prints these) for the S3 artifact store's contract run. */
  S3_TEST_ENDPOINT: z.string().url().optional(),
  S3_TEST_REGION: z.string().min(1).default('us-east-1'),
  S3_TEST_ACCESS_KEY_ID: z.string().min(1).default(S3_TEST_ACCESS_KEY_ID),
  S3_TEST_SECRET_ACCESS_KEY: z.string().min(1).default(S3_TEST_SECRET_ACCESS_KEY),
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
