import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REQUEST_ID_HEADER } from '@cairn/identity';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

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
 * body, and body errors answered with a code. The service mounts its GraphQL handler on
 * `graphqlPath` with `mountGraphQL`.
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
    genReqId: (req, res) => {
      const incoming = headerValue(req.headers[REQUEST_ID_HEADER]);
      const id = incoming && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    autoLogging: options.logEveryRequest
      ? true
      : { ignore: () => options.logger.level !== 'debug' && options.logger.level !== 'trace' },
  });

  return {
    app,
    mountGraphQL(path: string, ...handlers: RequestHandler[]) {
      app.use(path, requestLog, express.json({ limit: options.maxBodyBytes }), bodyErrors, ...handlers);
    },
    listen: (host: string, port: number) => listen(app, host, port, options),
  };
}

async function listen(
  app: Express,
  host: string,
  port: number,
  options: Pick<HttpShellOptions, 'logger' | 'service'>,
): Promise<RunningHttpServer & { server: Server }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  // Longer than the usual load balancer idle timeout, so the balancer closes first.
  server.keepAliveTimeout = 65_000;
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
