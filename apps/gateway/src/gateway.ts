import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { GatewayConfig } from '@cairn/config';
import { isCairnError } from '@cairn/errors';
import { createHttpShell, createServiceLogger, type Logger } from '@cairn/http-server';
import { InternalTokenSigner, type Principal } from '@cairn/identity';
import { GraphQLMetrics, METRICS_PATH, metricsEndpoint, ServiceMetrics } from '@cairn/service-metrics';
import { GraphQLError } from 'graphql';
import { accessEntry, accessLogPlugin, describeBody } from './access-log';
import { ACCESS_LOG_EXPORT_PATH, accessLogExport } from './access-log-export';
import { AccessLogSender } from './access-log-sender';
import { ARTIFACTS_PATH, ArtifactProxy } from './artifact-routes';
import { AUDIT_EXPORT_PATH, auditExport } from './audit-export';
import { OidcAuthenticator } from './authentication';
import { CallerResolutionUnavailableError, CallerResolver } from './caller-resolution';
import type { GatewayContext } from './context';
import { createGatewayErrorFormatter } from './error-formatting';
import { GovernanceClient } from './governance-client';
import { IdentityForwarder } from './identity-forwarding';
import { costLimitPlugin, estimateCost, limitRules } from './query-limits';
import { RateLimiter } from './rate-limiter';
import { SingleSubgraphQueries, singleSubgraphShortcut } from './single-subgraph-queries';
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

async function unreadySubgraphs(urls: Record<string, string>): Promise<string[]> {
  const checks = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      const readyz = new URL('/readyz', url).toString();
      const ok = await fetch(readyz, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      return ok ? null : name;
    }),
  );
  return checks.filter((name): name is string => name !== null);
}

/** An error thrown while building the context, answered with its HTTP status and headers. */
function requestRefused(status: number, code: string, message: string, headers: [string, string][] = []) {
  return new GraphQLError(message, { extensions: { code, http: { status, headers: new Map(headers) } } });
}

export async function startGateway(
  config: GatewayConfig,
  options: { logger?: Logger; supergraphSdl?: string } = {},
): Promise<RunningGateway> {
  const logger = options.logger ?? createServiceLogger('gateway', config.LOG_LEVEL);
  const supergraphSdl =
    options.supergraphSdl ?? readFileSync(config.SUPERGRAPH_PATH ?? DEFAULT_SUPERGRAPH_PATH, 'utf8');
  const urls = subgraphUrls(config);
  const dataSources = new Map<string, CairnSubgraphDataSource>();
  const singleSubgraphQueries = new SingleSubgraphQueries(estimateCost);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const source = new CairnSubgraphDataSource(name, urls[name] ?? url!, config.SUBGRAPH_TIMEOUT_MS);
      dataSources.set(name, source);
      return source;
    },
    experimental_didResolveQueryPlan: ({ queryPlan, requestContext }) => {
      const { request, document, operation } = requestContext;
      singleSubgraphQueries.learn(queryPlan, {
        query: request.query,
        operationName: request.operationName,
        variables: request.variables,
        extensions:
          request.extensions && Object.keys(request.extensions).length > 0 ? request.extensions : undefined,
        document,
        operation,
      });
    },
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => singleSubgraphQueries.useSchema(apiSchema));
  const identities = new IdentityForwarder(
    new InternalTokenSigner(config.CAIRN_IDENTITY_PRIVATE_KEY, config.CAIRN_INTERNAL_TOKEN_TTL_SECONDS),
    config.CAIRN_INTERNAL_TOKEN_TTL_SECONDS,
  );
  const governance = new GovernanceClient(config, identities);
  const callers = new CallerResolver(config, new OidcAuthenticator(config), governance, logger);
  const rateLimiter = new RateLimiter(config.RATE_LIMIT_PER_MINUTE);
  const accessLog = new AccessLogSender(governance, config, logger.child({ component: 'access-log' }));
  accessLog.start();
  const metrics = config.METRICS_ENABLED ? new ServiceMetrics('gateway') : undefined;
  const graphqlMetrics = metrics ? new GraphQLMetrics(metrics) : undefined;

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.GRAPHQL_INTROSPECTION,
    validationRules: limitRules({
      maxDepth: config.MAX_QUERY_DEPTH,
      maxAliases: config.MAX_ALIASES,
      maxDirectives: config.MAX_DIRECTIVES,
      maxCost: config.MAX_QUERY_COST,
    }),
    plugins: [
      costLimitPlugin(config.MAX_QUERY_COST),
      accessLogPlugin(accessLog),
      // Cairn's answers are per caller and never cached by HTTP caches; computing cache hints
      // for every response would be work for nothing.
      ApolloServerPluginCacheControlDisabled(),
      ...(graphqlMetrics ? [graphqlMetrics.plugin<GatewayContext>()] : []),
    ],
    formatError: createGatewayErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();

  const shell = createHttpShell({
    service: 'gateway',
    logger,
    maxBodyBytes: config.MAX_REQUEST_BYTES,
    logEveryRequest: true,
    readiness: async () => {
      const unready = await unreadySubgraphs(urls);
      return unready.length === 0 ? { ready: true } : { ready: false, details: { unready } };
    },
  });

  const throttle = (key: string) => {
    const retryAfter = rateLimiter.take(key);
    if (retryAfter > 0) {
      throw requestRefused(429, 'RATE_LIMITED', `Too many requests: retry in ${retryAfter} s`, [
        ['retry-after', String(retryAfter)],
      ]);
    }
  };

  shell.serveGraphQL(
    '/graphql',
    apollo,
    async ({ requestId, address, headers, body }) => {
      const origin = { requestId, address, userAgent: headers['user-agent'] };
      let principal: Principal;
      try {
        principal = await callers.authenticate(headers.authorization, origin);
      } catch (error) {
        if (error instanceof CallerResolutionUnavailableError) {
          logger.warn({ err: error, requestId }, 'an API token could not be resolved');
          throw requestRefused(
            503,
            'SUBGRAPH_UNAVAILABLE',
            'API tokens cannot be checked right now: try again shortly',
            [['retry-after', '5']],
          );
        }
        if (!isCairnError(error)) throw error;
        // Refused before GraphQL runs, so no plugin sees it: record it here.
        const refused = (codes: string[]) =>
          accessLog.record(accessEntry(origin, null, describeBody(body), codes));
        try {
          // Failed sign-ins count against the caller's address, so guessing tokens is slow too.
          throttle(`address:${address}`);
        } catch (limited) {
          refused([error.code, 'RATE_LIMITED']);
          throw limited;
        }
        refused([error.code]);
        throw requestRefused(401, error.code, error.message, [['www-authenticate', 'Bearer']]);
      }
      throttle(`principal:${principal.subject}`);
      const perRequest = new Map<string, Promise<string>>();
      return {
        requestId,
        principal,
        origin,
        identityFor: (subgraph: string) => {
          let token = perRequest.get(subgraph);
          if (!token) {
            token = identities.tokenFor(principal, subgraph);
            perRequest.set(subgraph, token);
          }
          return token;
        },
      };
    },
    config.SINGLE_SUBGRAPH_ROUTE
      ? singleSubgraphShortcut({
          queries: singleSubgraphQueries,
          sources: dataSources,
          maxCost: config.MAX_QUERY_COST,
          metrics: metrics && graphqlMetrics ? { service: metrics, graphql: graphqlMetrics } : undefined,
        })
      : undefined,
  );

  if (metrics) shell.app.get(METRICS_PATH, metricsEndpoint(metrics, config.METRICS_TOKEN));

  shell.mount(
    ACCESS_LOG_EXPORT_PATH,
    accessLogExport({
      config,
      callers,
      governance,
      accessLog,
      logger,
      retryAfter: (key) => rateLimiter.take(key),
    }),
  );

  shell.mount(
    AUDIT_EXPORT_PATH,
    auditExport({
      config,
      callers,
      identities,
      accessLog,
      logger,
      retryAfter: (key) => rateLimiter.take(key),
    }),
  );

  const artifacts = new ArtifactProxy({
    config,
    callers,
    identities,
    accessLog,
    logger,
    retryAfter: (key) => rateLimiter.take(key),
  });
  shell.mountRaw(ARTIFACTS_PATH, artifacts.handler);

  const running = await shell.listen(config.HOST, config.GATEWAY_PORT);
  return {
    url: running.url,
    port: running.port,
    close: async () => {
      await running.close();
      await apollo.stop();
      await accessLog.close();
      await artifacts.close();
      await Promise.all([...dataSources.values()].map((source) => source.close()));
    },
  };
}
