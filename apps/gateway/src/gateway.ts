import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { GatewayConfig } from '@cairn/config';
import { isCairnError } from '@cairn/errors';
import { InternalTokenSigner, REQUEST_ID_HEADER } from '@cairn/identity';
import express from 'express';
import { GraphQLError } from 'graphql';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { OidcAuthenticator } from './authentication';
import type { GatewayContext } from './context';
import { costLimitPlugin, depthLimitRule } from './query-limits';
import { CairnSubgraphDataSource } from './subgraph-data-source';

export const DEFAULT_SUPERGRAPH_PATH = path.resolve(__dirname, '..', 'supergraph.graphql');

export interface RunningGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

function subgraphUrls(config: GatewayConfig): Record<string, string> {
  return {
    registry: config.REGISTRY_URL,
    lineage: config.LINEAGE_URL,
    governance: config.GOVERNANCE_URL,
    metrics: config.METRICS_URL,
  };
}

async function allSubgraphsReady(urls: string[]): Promise<string[]> {
  const checks = await Promise.all(
    urls.map(async (url) => {
      const readyz = new URL('/readyz', url).toString();
      const ok = await fetch(readyz, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      return ok ? null : url;
    }),
  );
  return checks.filter((url): url is string => url !== null);
}

export async function startGateway(
  config: GatewayConfig,
  options: { logger?: Logger; supergraphSdl?: string } = {},
): Promise<RunningGateway> {
  const logger = options.logger ?? pino({ name: 'gateway', level: config.LOG_LEVEL });
  const supergraphSdl =
    options.supergraphSdl ?? readFileSync(config.SUPERGRAPH_PATH ?? DEFAULT_SUPERGRAPH_PATH, 'utf8');
  const urls = subgraphUrls(config);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new CairnSubgraphDataSource(urls[name] ?? url!),
  });
  const authenticator = new OidcAuthenticator(config);
  const signer = new InternalTokenSigner(
    config.CAIRN_INTERNAL_SECRET,
    config.CAIRN_INTERNAL_TOKEN_TTL_SECONDS,
  );

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.GRAPHQL_INTROSPECTION,
    validationRules: [depthLimitRule(config.MAX_QUERY_DEPTH)],
    plugins: [costLimitPlugin(config.MAX_QUERY_COST)],
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/readyz', async (_req, res) => {
    const unready = await allSubgraphsReady(Object.values(urls));
    if (unready.length === 0) res.json({ status: 'ready', service: 'gateway' });
    else res.status(503).json({ status: 'unavailable', service: 'gateway', unready });
  });
  app.use(
    '/graphql',
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers[REQUEST_ID_HEADER];
        const id = (Array.isArray(incoming) ? incoming[0] : incoming) || randomUUID();
        res.setHeader(REQUEST_ID_HEADER, id);
        return id;
      },
    }),
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          const principal = await authenticator.authenticate(req.headers.authorization);
          return { requestId: String(req.id), principal, internalToken: await signer.sign(principal) };
        } catch (error) {
          if (!isCairnError(error)) throw error;
          throw new GraphQLError(error.message, {
            extensions: {
              code: error.code,
              http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) },
            },
          });
        }
      },
    }),
  );

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.GATEWAY_PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'gateway listening');
  return {
    url: `http://${config.HOST}:${port}/graphql`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}
