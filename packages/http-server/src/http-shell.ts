import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { REQUEST_ID_HEADER } from '@cairn/identity';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import {
  type GraphQLContextFactory,
  type GraphQLEndpoint,
  type GraphQLShortcut,
  graphqlEndpoint,
  writeGraphQLError,
} from './graphql-endpoint';

export interface Readiness {
  /** false answers 503. */
  ready: boolean;
  /** Extra fields for the body: which dependency is down and why. */
  details?: Record<string, unknown>;
}

export interface HttpShellOptions {
  service: string;
  logger: Logger;
  /** What `/readyz` checks; `/healthz` only says the process is up. */
  readiness: () => Promise<Readiness>;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Log every request at info (the gateway) or only at debug (the subgraphs, behind it). */
  logEveryRequest: boolean;
}

/** How long a socket may stay silent mid-request on a server that streams bodies (`mountRaw`). */
export const STREAMING_SOCKET_IDLE_MS = 120_000;

export interface RunningHttpServer {
  url: string;
  port: number;
  close: () => Promise<void>;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A request id accepted from the caller only if it is short and printable; anything else is replaced. */
const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = headerValue(req.headers[REQUEST_ID_HEADER]);
  const id = incoming && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/**
 * A GraphQL-shaped error for failures that happen before GraphQL runs (a body too large, JSON
 * that does not parse), so clients see the same `extensions.code` contract everywhere.
 */
export function sendGraphQLError(
  res: express.Response,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') {
    sendGraphQLError(res, 413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
  } else if (
    type === 'entity.parse.failed' ||
    type === 'encoding.unsupported' ||
    type === 'charset.unsupported'
  ) {
    sendGraphQLError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON');
  } else {
    next(error);
  }
};

/**
 * The HTTP shell every Cairn service shares: request ids (the caller's or a fresh one, returned
 * and logged), request logs with credentials redacted, `/healthz`, `/readyz`, a bounded JSON
 * body, and body errors answered with a code. The service serves its Apollo server with
 * `serveGraphQL` and may mount other routes on Express with `mount` (JSON bodies) or `mountRaw`
 * (streamed bodies).
 */
export function createHttpShell(options: HttpShellOptions) {
  const app: Express = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.service });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await options.readiness().catch((error: unknown) => {
      options.logger.warn({ err: error }, 'readiness check failed');
      return { ready: false, details: { reason: 'readiness check failed' } } satisfies Readiness;
    });
    res.status(readiness.ready ? 200 : 503).json({
      status: readiness.ready ? 'ready' : 'unavailable',
      service: options.service,
      ...readiness.details,
    });
  });

  const requestLog = pinoHttp({
    logger: options.logger,
    genReqId: requestIdFor,
    autoLogging: options.logEveryRequest
      ? true
      : { ignore: () => options.logger.level !== 'debug' && options.logger.level !== 'trace' },
  });

  const endpoints = new Map<string, GraphQLEndpoint>();
  let streamsBodies = false;
  const logLevel = options.logEveryRequest ? 'info' : 'debug';

  /** GraphQL paths go to their endpoint, without Express; the rest goes to Express. */
  const dispatch = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const endpoint = endpoints.get(path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);
    if (!endpoint) {
      app(req, res);
      return;
    }
    const started = performance.now();
    const requestId = requestIdFor(req, res);
    const log = options.logger.child({ reqId: requestId });
    // One line a request, written when the answer has gone out.
    res.once('finish', () => {
      if (!log.isLevelEnabled(logLevel) && res.statusCode < 500) return;
      log[res.statusCode >= 500 ? 'error' : logLevel](
        {
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        'request completed',
      );
    });
    endpoint(req, res, requestId, log).catch((error: unknown) => {
      log.error({ err: error }, 'the GraphQL endpoint failed');
      if (res.headersSent) res.destroy();
      else writeGraphQLError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    });
  };

  return {
    app,
    /** Serves an Apollo server at `path`, straight from `node:http`. */
    serveGraphQL<C extends BaseContext>(
      path: string,
      apollo: ApolloServer<C>,
      context: GraphQLContextFactory<C>,
      shortcut?: GraphQLShortcut<C>,
    ) {
      endpoints.set(
        path,
        graphqlEndpoint(apollo, context, options.maxBodyBytes, shortcut) as GraphQLEndpoint,
      );
    },
    /** Mounts Express handlers at `path`, behind the request log and the bounded JSON body parser. */
    mount(path: string, ...handlers: RequestHandler[]) {
      app.use(path, requestLog, express.json({ limit: options.maxBodyBytes }), bodyErrors, ...handlers);
    },
    /**
     * Mounts Express handlers at `path` behind the request log only: no body parser and no body
     * limit, so a handler can stream a request body of any size (artifact uploads) as it arrives.
     * The handler owns the body: it reads, bounds or refuses it itself.
     */
    mountRaw(path: string, ...handlers: RequestHandler[]) {
      streamsBodies = true;
      app.use(path, requestLog, ...handlers);
    },
    listen: (host: string, port: number) => listen(dispatch, host, port, options, streamsBodies),
  };
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  host: string,
  port: number,
  options: Pick<HttpShellOptions, 'logger' | 'service'>,
  streamsBodies: boolean,
): Promise<RunningHttpServer & { server: Server }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer(handler);
    s.once('error', reject);
    s.listen(port, host, () => resolve(s));
  });
  // Longer than the usual load balancer idle timeout, so the balancer closes first.
  server.keepAliveTimeout = 65_000;
  if (streamsBodies) {
    // Node cuts a request whose body takes over 5 minutes to arrive (`requestTimeout`), which a
    // multi-GiB upload can. An idle limit replaces it: a socket silent for this long is closed,
    // so a stalled client still lets go; the 60 s limit on request headers stays.
    server.requestTimeout = 0;
    server.setTimeout(STREAMING_SOCKET_IDLE_MS);
  }
  const actualPort = (server.address() as AddressInfo).port;
  options.logger.info({ port: actualPort }, `${options.service} listening`);
  return {
    server,
    url: `http://${host}:${actualPort}/graphql`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
