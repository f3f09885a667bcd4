import type { IncomingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { GatewayConfig } from '@cairn/config';
import { isCairnError } from '@cairn/errors';
import { sendGraphQLError } from '@cairn/http-server';
import { INTERNAL_IDENTITY_HEADER, type Principal, REQUEST_ID_HEADER } from '@cairn/identity';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { Agent, type Dispatcher, request } from 'undici';
import { accessEntry, type RequestOrigin } from './access-log';
import type { AccessLogSender } from './access-log-sender';
import {
  ALLOWED_METHODS,
  type ArtifactTarget,
  artifactTarget,
  describeArtifactRequest,
  matchArtifactRoute,
} from './artifact-paths';
import { CallerResolutionUnavailableError, type CallerResolver } from './caller-resolution';
import type { IdentityForwarder } from './identity-forwarding';

export { ARTIFACTS_PATH } from './artifact-paths';

/**
 * How long the registry may go quiet in the middle of a body before the transfer is cut. It is
 * an idle limit, never a total: a multi-GiB download takes as long as it takes, and while the
 * client reads slowly undici pauses the body and this clock does not run.
 */
export const ARTIFACT_BODY_IDLE_TIMEOUT_MS = 120_000;
/** The registry's error answers are small JSON; anything longer is not read to the end. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** Outcome recorded when the caller hung up before the answer was complete (nginx's 499). */
export const CLIENT_CLOSED = 'CLIENT_CLOSED_REQUEST';

/** The registry's answer headers a client needs: sizes, ranges, caching and the file name. */
const PASSED_BACK = [
  'etag',
  'accept-ranges',
  'content-length',
  'content-type',
  'content-disposition',
  'content-range',
  'last-modified',
  'cache-control',
];
/** A code for a registry error that came without one. */
const CODE_FOR_STATUS: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  411: 'BAD_USER_INPUT',
  412: 'FAILED_PRECONDITION',
  413: 'PAYLOAD_TOO_LARGE',
  416: 'RANGE_NOT_SATISFIABLE',
};
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export interface ArtifactRouteDependencies {
  config: Pick<GatewayConfig, 'REGISTRY_URL' | 'SUBGRAPH_TIMEOUT_MS'>;
  callers: Pick<CallerResolver, 'authenticate'>;
  identities: Pick<IdentityForwarder, 'tokenFor'>;
  accessLog: Pick<AccessLogSender, 'record'>;
  logger: Logger;
  /** The gateway's rate limit: seconds to wait, or 0 when the key may go on. */
  retryAfter(key: string): number;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The code in a registry error body, if it is the GraphQL-shaped JSON the contract promises. */
function codeIn(text: string): string | undefined {
  try {
    const code = (JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] }).errors?.[0]
      ?.extensions?.code;
    return typeof code === 'string' && CODE.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

async function readBounded(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_ERROR_BODY_BYTES) {
      body.destroy();
      break;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `PUT /artifacts/uploads/:sessionId/parts/:partNumber`, `GET`/`HEAD
 * /artifacts/versions/:versionId/files/<path>` and `GET`/`HEAD
 * /artifacts/versions/:versionId/{bundle,oci}` (a whole version exported as a tar): artifact
 * bytes between clients and the registry, streamed both ways and never held in memory. The
 * caller is authenticated and rate limited as on `/graphql`; the parameters are checked before
 * the registry hears of the request; the registry gets the caller's identity signed for it and
 * decides what the caller may see. Every upload part, download and export is recorded in the
 * access log once its answer is over.
 *
 * Mounted with `mountRaw`, so no body parser stands in front: the upload body goes to the
 * registry as it arrives, with its declared length, and a client that hangs up aborts the
 * registry's request; a registry that fails mid-body cuts the client's answer short, which is
 * how a client learns a transfer with a status already sent did not complete.
 */
export class ArtifactProxy {
  private readonly pool: Agent;

  constructor(private readonly deps: ArtifactRouteDependencies) {
    // The headers timeout starts once the request is sent (undici refreshes it at the end of the
    // body), so it bounds the registry's thinking time, not the length of an upload.
    this.pool = new Agent({
      keepAliveTimeout: 60_000,
      headersTimeout: deps.config.SUBGRAPH_TIMEOUT_MS,
      bodyTimeout: ARTIFACT_BODY_IDLE_TIMEOUT_MS,
    });
  }

  readonly handler: RequestHandler = (req, res, next) => {
    this.handle(req, res).catch(next);
  };

  close(): Promise<void> {
    return this.pool.close();
  }

  private async handle(req: Request, res: Response): Promise<void> {
    const route = matchArtifactRoute(req.path);
    if (!route) return refuse(req, res, 404, 'NOT_FOUND', 'No such artifact route');
    const allowed = ALLOWED_METHODS[route.kind];
    if (!allowed.includes(req.method)) {
      return refuse(req, res, 405, 'BAD_REQUEST', `Use ${allowed.join(' or ')} here`, {
        allow: allowed.join(', '),
      });
    }
    const upload = route.kind === 'upload-part';
    const operation = {
      type: upload ? ('mutation' as const) : ('query' as const),
      name: describeArtifactRequest(req.method, req.path),
      rootFields: [
        upload ? 'artifactUploadPart' : route.kind === 'export' ? 'versionExport' : 'artifactDownload',
      ],
    };
    const origin: RequestOrigin = {
      requestId: String(req.id),
      address: req.ip,
      userAgent: req.headers['user-agent'],
    };
    let principal: Principal | null = null;
    // HEAD only reads metadata: like successful GraphQL queries, it is not recorded.
    const record = (code: string | null) => {
      if (req.method === 'HEAD') return;
      this.deps.accessLog.record(accessEntry(origin, principal, operation, code ? [code] : []));
    };
    const fail = (status: number, code: string, message: string, headers?: Record<string, string>) => {
      record(code);
      refuse(req, res, status, code, message, headers);
    };

    try {
      principal = await this.deps.callers.authenticate(req.headers.authorization, origin);
    } catch (error) {
      if (error instanceof CallerResolutionUnavailableError) {
        this.deps.logger.warn(
          { err: error, requestId: origin.requestId },
          'an API token could not be resolved',
        );
        return fail(
          503,
          'SUBGRAPH_UNAVAILABLE',
          'API tokens cannot be checked right now: try again shortly',
          {
            'retry-after': '5',
          },
        );
      }
      if (!isCairnError(error)) throw error;
      // Failed sign-ins count against the caller's address, so guessing tokens is slow too.
      const wait = this.deps.retryAfter(`address:${req.ip}`);
      if (wait > 0) return fail(429, 'RATE_LIMITED', `Too many requests: retry in ${wait} s`, tooMany(wait));
      return fail(401, error.code, error.message, { 'www-authenticate': 'Bearer' });
    }
    const wait = this.deps.retryAfter(`principal:${principal.subject}`);
    if (wait > 0) return fail(429, 'RATE_LIMITED', `Too many requests: retry in ${wait} s`, tooMany(wait));

    const target = artifactTarget(route);
    if ('refused' in target) return fail(400, 'BAD_USER_INPUT', target.refused);
    const headers: Record<string, string> = {
      [INTERNAL_IDENTITY_HEADER]: await this.deps.identities.tokenFor(principal, 'registry'),
      [REQUEST_ID_HEADER]: origin.requestId,
    };
    if (upload) {
      const length = single(req.headers['content-length']);
      if (!length || !/^\d{1,15}$/.test(length)) {
        return fail(411, 'BAD_USER_INPUT', 'An upload part needs its content-length');
      }
      const coding = req.headers['content-encoding']?.toLowerCase();
      if (coding && coding !== 'identity') {
        return fail(400, 'BAD_USER_INPUT', 'Upload parts are the raw bytes: no content-encoding');
      }
      headers['content-type'] = 'application/octet-stream';
      headers['content-length'] = length;
    } else {
      for (const name of ['range', 'if-none-match'] as const) {
        const value = single(req.headers[name]);
        if (value !== undefined) headers[name] = value;
      }
    }
    record(await this.forward(req, res, target, headers));
  }

  /** Sends the request to the registry and its answer back; resolves to the code answered. */
  private async forward(
    req: Request,
    res: Response,
    target: ArtifactTarget,
    headers: Record<string, string>,
  ): Promise<string | null> {
    const log = this.deps.logger.child({ requestId: String(req.id), upstreamPath: target.upstreamPath });
    const aborted = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) aborted.abort();
    });
    const clientGone = () => aborted.signal.aborted || (req.destroyed && !req.complete);

    let upstream: Dispatcher.ResponseData;
    try {
      upstream = await request(new URL(target.upstreamPath, this.deps.config.REGISTRY_URL), {
        method: req.method as Dispatcher.HttpMethod,
        headers,
        body: target.kind === 'upload-part' ? req : undefined,
        signal: aborted.signal,
        dispatcher: this.pool,
      });
    } catch (error) {
      if (clientGone()) {
        log.info('the client hung up before the registry answered; its request was aborted');
        return CLIENT_CLOSED;
      }
      const code = (error as { code?: string }).code;
      log.warn({ err: error }, 'the registry did not answer an artifact request');
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        refuse(req, res, 504, 'SUBGRAPH_TIMEOUT', 'The registry service did not answer in time');
        return 'SUBGRAPH_TIMEOUT';
      }
      refuse(req, res, 502, 'SUBGRAPH_UNAVAILABLE', 'The registry service is unavailable');
      return 'SUBGRAPH_UNAVAILABLE';
    }

    const status = upstream.statusCode;
    if (status >= 400) return this.answerError(req, res, upstream, log);
    res.status(status);
    copyHeaders(upstream.headers, res);
    try {
      await pipeline(upstream.body, res);
      return null;
    } catch (error) {
      // pipeline has destroyed both sides: the client sees a cut-short body, never a complete one.
      if (clientGone()) {
        log.info('the client hung up mid-transfer; the registry request was aborted');
        return CLIENT_CLOSED;
      }
      log.warn({ err: error }, 'the registry failed mid-transfer; the answer was cut short');
      return 'SUBGRAPH_UNAVAILABLE';
    }
  }

  /**
   * A registry refusal goes to the client with its status and code. A 5xx is the registry's own
   * failure, and a 401 is the registry refusing the gateway (not the caller): both are outages.
   */
  private async answerError(
    req: Request,
    res: Response,
    upstream: Dispatcher.ResponseData,
    log: Logger,
  ): Promise<string> {
    const status = upstream.statusCode;
    const text = await readBounded(upstream.body).catch(() => '');
    if (status >= 500 || status === 401) {
      log.error({ status, body: text.slice(0, 500) }, 'the registry failed an artifact request');
      refuse(req, res, 502, 'SUBGRAPH_UNAVAILABLE', `The registry service failed (HTTP ${status})`);
      return 'SUBGRAPH_UNAVAILABLE';
    }
    const code = codeIn(text);
    const contentRange = upstream.headers['content-range'];
    if (typeof contentRange === 'string') res.setHeader('content-range', contentRange);
    if (code) {
      if (!res.headersSent && !res.destroyed) {
        closeIfBodyUnread(req, res);
        res.status(status).type('application/json').send(text);
      }
      return code;
    }
    const fallback = CODE_FOR_STATUS[status] ?? 'BAD_REQUEST';
    refuse(req, res, status, fallback, `The registry refused the request (HTTP ${status})`);
    return fallback;
  }
}

function copyHeaders(
  from: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
  res: Response,
) {
  for (const name of PASSED_BACK) {
    const value = from[name];
    if (value !== undefined) res.setHeader(name, value);
  }
}

function tooMany(seconds: number): Record<string, string> {
  return { 'retry-after': String(seconds) };
}

/**
 * An upload refused before its body was read would otherwise be drained to the end by Node to
 * keep the connection: for a multi-GiB part that is the whole upload for nothing. Closing the
 * connection after the answer stops it.
 */
function closeIfBodyUnread(req: Request, res: Response) {
  if (req.method === 'PUT' && !req.complete) res.setHeader('connection', 'close');
}

function refuse(
  req: Request,
  res: Response,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  if (res.headersSent || res.destroyed) return;
  closeIfBodyUnread(req, res);
  sendGraphQLError(res, status, code, message, headers);
}
