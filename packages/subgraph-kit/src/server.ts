import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { isCairnError } from '@cairn/errors';
import { INTERNAL_IDENTITY_HEADER, type InternalTokenVerifier, REQUEST_ID_HEADER } from '@cairn/identity';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { DataSource } from 'typeorm';
import type { BaseContext } from './context';
import { createErrorFormatter } from './error-formatting';
import type { ReadinessReport } from './readiness';

export interface SubgraphServerOptions<C extends BaseContext> {
  name: string;
  host: string;
  port: number;
  schema: GraphQLSchema;
  dataSource: DataSource;
  verifier: InternalTokenVerifier;
  logger: Logger;
  /** Builds the per-request context: services plus a fresh set of DataLoaders. */
  createContext: (base: BaseContext) => C;
  /** What `/readyz` answers; without it, whether the database answers. */
  readiness?: () => Promise<{ httpStatus: number; report: ReadinessReport }>;
}

export interface RunningServer {
  url: string;
  port: number;
  close: () => Promise<void>;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Serves a subgraph over HTTP with `/graphql`, `/healthz` (process up) and `/readyz` (database reachable). */
export async function startSubgraphServer<C extends BaseContext>(
  options: SubgraphServerOptions<C>,
): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');

  const apollo = new ApolloServer<C>({
    schema: options.schema,
    formatError: createErrorFormatter(options.logger),
    includeStacktraceInErrorResponses: false,
    // Traces are for Apollo's hosted studio, which Cairn does not report to.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      if (options.readiness) {
        const { httpStatus, report } = await options.readiness();
        res.status(httpStatus).json(report);
        return;
      }
      await options.dataSource.query('SELECT 1');
      res.json({ status: 'ready', service: options.name });
    } catch (error) {
      options.logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', service: options.name, reason: 'database unreachable' });
    }
  });

  app.use(
    '/graphql',
    pinoHttp({
      logger: options.logger,
      genReqId: (req, res) => {
        const id = headerValue(req.headers[REQUEST_ID_HEADER]) ?? randomUUID();
        res.setHeader(REQUEST_ID_HEADER, id);
        return id;
      },
      autoLogging: { ignore: () => options.logger.level !== 'debug' && options.logger.level !== 'trace' },
    }),
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = String(req.id);
        try {
          const principal = await options.verifier.verify(headerValue(req.headers[INTERNAL_IDENTITY_HEADER]));
          return options.createContext({ principal, requestId, logger: req.log });
        } catch (error) {
          if (!isCairnError(error)) throw error;
          throw new GraphQLError(error.message, {
            extensions: { code: error.code, http: { status: error.code === 'UNAUTHENTICATED' ? 401 : 403 } },
          });
        }
      },
    }),
  );

  const httpServer = await new Promise<Server>((resolve, reject) => {
    const server = app.listen(options.port, options.host, () => resolve(server));
    server.once('error', reject);
  });
  httpServer.keepAliveTimeout = 65_000;
  const port = (httpServer.address() as AddressInfo).port;
  options.logger.info({ port }, `${options.name} subgraph listening`);

  return {
    url: `http://${options.host}:${port}/graphql`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}
