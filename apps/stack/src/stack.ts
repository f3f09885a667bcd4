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
import { type RunningSubgraph, startSubgraph } from '@cairn/subgraph-kit';
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
  /** The gateway's identity signing key, for seeding and maintenance that call subgraphs directly. */
  identitySigningKey: string;
  stop(): Promise<void>;
}

/** Migrates every subgraph; `ownerUrl` is the owner's connection (DATABASE_MIGRATION_URL). */
export async function migrateAll(ownerUrl: string): Promise<void> {
  for (const name of SUBGRAPH_NAMES) {
    const dataSource = await initializeAndMigrate(SUBGRAPHS[name].createDataSource(ownerUrl, 1));
    await dataSource.destroy();
  }
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
    // The stack is for development and tests: say so, or the services take an unset NODE_ENV
    // for production and refuse the development identity keys.
    const env = { NODE_ENV: 'development', ...options.env, DATABASE_URL: options.databaseUrl };
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
      identitySigningKey: gatewayConfig.CAIRN_IDENTITY_PRIVATE_KEY,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export { SUBGRAPH_DEFAULT_PORTS };
