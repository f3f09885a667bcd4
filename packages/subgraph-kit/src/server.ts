import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { isCairnError } from '@cairn/errors';
import { createHttpShell, type RunningHttpServer } from '@cairn/http-server';
import { INTERNAL_IDENTITY_HEADER, type InternalTokenVerifier } from '@cairn/identity';
import { GraphQLMetrics, METRICS_PATH, metricsEndpoint, type ServiceMetrics } from '@cairn/service-metrics';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { BaseContext } from './context';
import { createErrorFormatter } from './error-formatting';
import { mountSubgraphRoutes, type SubgraphRoute } from './http-routes';
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
  /** Byte-stream routes beside `/graphql`, behind the same identity check. */
  routes?: readonly SubgraphRoute[];
  /** What `/readyz` answers; without it, whether the database answers. */
  readiness?: () => Promise<{ httpStatus: number; report: ReadinessReport }>;
  /** Served at `/metrics` (with `metricsToken`, only to a bearer of it); unset serves none. */
  metrics?: ServiceMetrics;
  metricsToken?: string;
}

export type RunningServer = RunningHttpServer;

/** The gateway caps the body it accepts; a subgraph takes what the gateway may send it. */
const MAX_SUBGRAPH_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Serves a subgraph over HTTP with `/graphql`, `/healthz` (process up), `/readyz` (database
 * reachable) and, when given metrics, `/metrics`.
 */
export async function startSubgraphServer<C extends BaseContext>(
  options: SubgraphServerOptions<C>,
): Promise<RunningServer> {
  const apollo = new ApolloServer<C>({
    schema: options.schema,
    formatError: createErrorFormatter(options.logger),
    includeStacktraceInErrorResponses: false,
    plugins: [
      // Traces are for Apollo's hosted studio, which Cairn does not report to.
      ApolloServerPluginInlineTraceDisabled(),
      // Answers are per caller and never cached over HTTP; cache hints would be computed for
      // every field of every response for nothing.
      ApolloServerPluginCacheControlDisabled(),
      ...(options.metrics ? [new GraphQLMetrics(options.metrics).plugin<C>()] : []),
    ],
  });
  await apollo.start();

  const shell = createHttpShell({
    service: options.name,
    logger: options.logger,
    maxBodyBytes: MAX_SUBGRAPH_BODY_BYTES,
    logEveryRequest: false,
    readiness: async () => {
      if (options.readiness) {
        const { httpStatus, report } = await options.readiness();
        return { ready: httpStatus < 500, details: { ...report } };
      }
      try {
        await options.dataSource.query('SELECT 1');
        return { ready: true };
      } catch (error) {
        options.logger.warn({ err: error }, 'readiness check failed');
        return { ready: false, details: { reason: 'database unreachable' } };
      }
    },
  });
  shell.serveGraphQL('/graphql', apollo, async ({ headers, requestId, log }) => {
    try {
      const header = headers[INTERNAL_IDENTITY_HEADER];
      const principal = await options.verifier.verify(Array.isArray(header) ? header[0] : header);
      return options.createContext({ principal, requestId, logger: log });
    } catch (error) {
      if (!isCairnError(error)) throw error;
      throw new GraphQLError(error.message, {
        extensions: { code: error.code, http: { status: error.code === 'UNAUTHENTICATED' ? 401 : 403 } },
      });
    }
  });
  if (options.metrics) shell.app.get(METRICS_PATH, metricsEndpoint(options.metrics, options.metricsToken));
  mountSubgraphRoutes(shell.app, options.routes ?? [], options.verifier, options.logger);
  const running = await shell.listen(options.host, options.port);
  return {
    url: running.url,
    port: running.port,
    close: async () => {
      await running.close();
      await apollo.stop();
    },
  };
}
