import {
  devIdpSchema,
  gatewaySchema,
  SUBGRAPH_DEFAULT_PORTS,
  SUBGRAPH_NAMES,
  type SubgraphName,
  subgraphSchema,
} from '@cairn/config';
import { initializeAndMigrate } from '@cairn/database';
import { startDevIdp } from '@cairn/dev-idp';
import { type RunningGateway, startGateway } from '@cairn/gateway';
import { REGISTRY_SCHEMA } from '@cairn/registry';
import { PostgresSearchEngine } from '@cairn/search';
import { type RunningSubgraph, type SubgraphModule, startSubgraph } from '@cairn/subgraph-kit';
import type { Logger } from 'pino';
import { SUBGRAPHS } from './subgraph-modules';

export interface StackOptions {
  /** What the services connect as: a login that is a member of `cairn_service` (see `asLogin`). */
  databaseUrl: string;
  /** Environment the services' configs are read from (defaults apply to what is unset). */
  env: Record<string, string | undefined>;
  /** An external issuer; when unset the dev IdP is started. */
  oidcIssuer?: string;
  /** Use free ports everywhere (tests). */
  ephemeralPorts?: boolean;
  logger: Logger;
}

export interface RunningStack {
  gatewayUrl: string;
  issuer: string;
  subgraphUrls: Record<SubgraphName, string>;
  internalSecret: string;
  stop(): Promise<void>;
}

/** Migrates every subgraph; `ownerUrl` is the owner's connection (DATABASE_MIGRATION_URL). */
export async function migrateAll(ownerUrl: string): Promise<void> {
  for (const name of SUBGRAPH_NAMES) {
    const dataSource = await initializeAndMigrate(SUBGRAPHS[name].createDataSource(ownerUrl, 1));
    try {
      if (name === 'registry') await prepareSearchTable(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }
}

/**
 * Until the registry's search table comes from a migration (1764100000000), the PostgreSQL
 * engine creates it on first use and a rebuild swaps in a new one: DDL the service login may not
 * run. The owner creates it here, and default privileges give the service its rights on it and
 * on every rebuilt copy. `packages/testing` does the same; drop both with that migration.
 */
async function prepareSearchTable(owner: ReturnType<SubgraphModule<never>['createDataSource']>) {
  await owner.query(
    '/* grantFutureRegistryTables */ ALTER DEFAULT PRIVILEGES IN SCHEMA registry GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cairn_service',
  );
  await new PostgresSearchEngine(owner, REGISTRY_SCHEMA).ensureReady();
}

/**
 * Runs the dev IdP, the four subgraphs and the gateway in this process, the way `npm start`
 * and the federation tests need them. Production runs each as its own process (see docker/).
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => options.logger.warn({ err }, 'stop failed'));
  };
  try {
    const env = { ...options.env, DATABASE_URL: options.databaseUrl };
    let issuer = options.oidcIssuer;
    if (!issuer) {
      const idpConfig = devIdpSchema.parse({
        ...env,
        ...(options.ephemeralPorts ? { DEV_IDP_PORT: '0' } : {}),
      });
      const idp = await startDevIdp(idpConfig, options.logger.child({ name: 'dev-idp' }));
      stops.push(idp.close);
      issuer = idp.issuer;
    }
    const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
    for (const name of SUBGRAPH_NAMES) {
      const portKey = `${name.toUpperCase()}_PORT`;
      const config = subgraphSchema(name).parse({
        ...env,
        ...(options.ephemeralPorts ? { [portKey]: '0' } : {}),
      });
      subgraphs[name] = await startSubgraph(SUBGRAPHS[name], config, {
        logger: options.logger.child({ name }),
      });
      stops.push(subgraphs[name].close);
    }
    const gatewayConfig = gatewaySchema.parse({
      ...env,
      OIDC_ISSUER: issuer,
      ...(options.ephemeralPorts ? { GATEWAY_PORT: '0' } : {}),
      REGISTRY_URL: subgraphs.registry.url,
      LINEAGE_URL: subgraphs.lineage.url,
      GOVERNANCE_URL: subgraphs.governance.url,
      METRICS_URL: subgraphs.metrics.url,
    });
    const gateway: RunningGateway = await startGateway(gatewayConfig, {
      logger: options.logger.child({ name: 'gateway' }),
    });
    stops.push(gateway.close);
    return {
      gatewayUrl: gateway.url,
      issuer,
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, subgraphs[n].url])) as Record<
        SubgraphName,
        string
      >,
      internalSecret: gatewayConfig.CAIRN_INTERNAL_SECRET,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export { SUBGRAPH_DEFAULT_PORTS };
