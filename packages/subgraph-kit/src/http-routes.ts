import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isCairnError } from '@cairn/errors';
import {
  INTERNAL_IDENTITY_HEADER,
  type InternalTokenVerifier,
  type Principal,
  REQUEST_ID_HEADER,
} from '@cairn/identity';
import type { Express } from 'express';
import type { Logger } from 'pino';

/** What a route handler gets: the caller as the gateway vouched for them, and the raw request. */
export interface RouteRequest {
  req: IncomingMessage & { params: Record<string, string | string[]> };
  res: ServerResponse;
  principal: Principal;
  requestId: string;
  log: Logger;
}

/**
 * A non-GraphQL HTTP route of a subgraph, for what GraphQL carries badly: streams of bytes
 * (artifact parts and downloads). Like `/graphql`, it serves only calls that carry the
 * gateway's identity token, and answers errors with a GraphQL-shaped body and a typed code.
 */
export interface SubgraphRoute {
  /** `get` answers HEAD too. */
  method: 'get' | 'put';
  /** An Express 5 path pattern, e.g. `/artifacts/versions/:versionId/files/*path`. */
  path: string;
  handle(request: RouteRequest): Promise<void>;
}

const STATUS_OF: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FAILED_PRECONDITION: 412,
};

export function sendRouteError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function mountSubgraphRoutes(
  app: Express,
  routes: readonly SubgraphRoute[],
  verifier: InternalTokenVerifier,
  logger: Logger,
): void {
  for (const route of routes) {
    app[route.method](route.path, async (req, res) => {
      const incoming = req.headers[REQUEST_ID_HEADER];
      const requestId =
        typeof incoming === 'string' && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
      const log = logger.child({ reqId: requestId });
      try {
        const header = req.headers[INTERNAL_IDENTITY_HEADER];
        const principal = await verifier.verify(Array.isArray(header) ? header[0] : header);
        await route.handle({ req: req as RouteRequest['req'], res, principal, requestId, log });
      } catch (error) {
        if (isCairnError(error)) {
          sendRouteError(res, STATUS_OF[error.code] ?? 400, error.code, error.message);
          return;
        }
        log.error({ err: error, path: route.path }, 'a subgraph route failed');
        sendRouteError(res, 500, 'INTERNAL_SERVER_ERROR', `Internal server error (request ${requestId})`);
      }
    });
  }
}
