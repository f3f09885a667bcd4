import type { GatewayConfig } from '@cairn/config';
import { isCairnError } from '@cairn/errors';
import { sendGraphQLError } from '@cairn/http-server';
import type { Principal } from '@cairn/identity';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { accessEntry, type RequestOrigin } from './access-log';
import type { AccessLogSender } from './access-log-sender';
import { CallerResolutionUnavailableError, type CallerResolver } from './caller-resolution';
import { type GovernanceClient, GovernanceUnreachableError, type GraphQLAnswer } from './governance-client';

export const ACCESS_LOG_EXPORT_PATH = '/access-log.jsonl';

const PAGE = `query AccessLogExport($filter: AccessLogFilter, $after: String, $count: Boolean!) {
  accessLog(filter: $filter, first: 100, after: $after) {
    totalCount @include(if: $count)
    edges { node { id occurredAt requestId subject email principalKind clientKind clientId operationType
      operationName rootFields outcome errorCodes remoteAddress userAgent } }
    pageInfo { hasNextPage endCursor } } }`;

interface Page {
  accessLog: {
    totalCount?: number;
    edges: { node: Record<string, unknown> }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const DAY_MS = 86_400_000;
const HTTP_STATUS: Record<string, number> = { FORBIDDEN: 403, BAD_USER_INPUT: 400, UNAUTHENTICATED: 401 };
const EXPORT_OPERATION = {
  type: 'query' as const,
  name: `GET ${ACCESS_LOG_EXPORT_PATH}`,
  rootFields: ['accessLog'],
};

/** A query parameter given once, or undefined; repeated parameters are refused by the caller. */
function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseInstant(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const date = new Date(value);
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(date.getTime()) ? date : null;
}

interface ExportDependencies {
  config: Pick<GatewayConfig, 'ACCESS_LOG_EXPORT_MAX_DAYS' | 'ACCESS_LOG_EXPORT_MAX_ROWS'>;
  callers: CallerResolver;
  governance: GovernanceClient;
  accessLog: AccessLogSender;
  logger: Logger;
  /** The gateway's rate limit: seconds to wait, or 0 when the key may go on. */
  retryAfter(key: string): number;
}

/**
 * `GET /access-log.jsonl?from=…&to=…`: the access log as JSON Lines, newest first, one entry a
 * line. Authenticated like `/graphql` (a bearer credential); governance decides who may read
 * (platform admins and auditors), page by page, as the caller. The range is bounded
 * (`ACCESS_LOG_EXPORT_MAX_DAYS`) and so is its size (`ACCESS_LOG_EXPORT_MAX_ROWS`): both are
 * checked before the first line, so a refusal is a plain error, never a cut-off file.
 */
export function accessLogExport(deps: ExportDependencies): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET') {
      sendGraphQLError(res, 405, 'BAD_REQUEST', `Use GET for ${ACCESS_LOG_EXPORT_PATH}`, { allow: 'GET' });
      return;
    }
    exportAccessLog(deps, req, res).catch((error: unknown) => {
      if (!(error instanceof GovernanceUnreachableError)) return next(error);
      deps.logger.warn({ err: error, requestId: String(req.id) }, 'the access log export lost governance');
      if (res.headersSent) res.destroy();
      else
        sendGraphQLError(res, 503, 'SUBGRAPH_UNAVAILABLE', 'Governance cannot be reached: try again shortly');
    });
  };
}

function tooMany(deps: ExportDependencies, res: Response, key: string): boolean {
  const retryAfter = deps.retryAfter(key);
  if (retryAfter <= 0) return false;
  sendGraphQLError(res, 429, 'RATE_LIMITED', `Too many requests: retry in ${retryAfter} s`, {
    'retry-after': String(retryAfter),
  });
  return true;
}

async function exportAccessLog(deps: ExportDependencies, req: Request, res: Response): Promise<void> {
  const origin: RequestOrigin = {
    requestId: String(req.id),
    address: req.ip,
    userAgent: req.headers['user-agent'],
  };
  let principal: Principal;
  try {
    principal = await deps.callers.authenticate(req.headers.authorization, origin);
  } catch (error) {
    if (error instanceof CallerResolutionUnavailableError) {
      sendGraphQLError(res, 503, 'SUBGRAPH_UNAVAILABLE', 'API tokens cannot be checked right now', {
        'retry-after': '5',
      });
      return;
    }
    if (!isCairnError(error)) throw error;
    deps.accessLog.record(accessEntry(origin, null, EXPORT_OPERATION, [error.code]));
    if (!tooMany(deps, res, `address:${req.ip}`)) {
      sendGraphQLError(res, 401, error.code, error.message, { 'www-authenticate': 'Bearer' });
    }
    return;
  }
  if (tooMany(deps, res, `principal:${principal.subject}`)) return;

  const to = req.query.to === undefined ? new Date() : parseInstant(single(req.query.to));
  const from = parseInstant(single(req.query.from));
  const maxDays = deps.config.ACCESS_LOG_EXPORT_MAX_DAYS;
  if (!from || !to || from >= to || to.getTime() - from.getTime() > maxDays * DAY_MS) {
    sendGraphQLError(
      res,
      400,
      'BAD_USER_INPUT',
      `from (required) and to (default now) must be ISO 8601 date-times, from before to, at most ${maxDays} days apart`,
    );
    return;
  }
  const filter = {
    from: from.toISOString(),
    to: to.toISOString(),
    subject: single(req.query.subject) ?? null,
    outcome: single(req.query.outcome) ?? null,
  };

  const ask = (after: string | null, count: boolean) =>
    deps.governance.post<Page>(PAGE, { filter, after, count }, origin.requestId, principal);
  let answer: GraphQLAnswer<Page> = await ask(null, true);
  const refusal = answer.body.errors?.[0];
  if (refusal || !answer.body.data) {
    const code = refusal?.extensions?.code ?? 'SUBGRAPH_UNAVAILABLE';
    if (code === 'FORBIDDEN') deps.accessLog.record(accessEntry(origin, principal, EXPORT_OPERATION, [code]));
    sendGraphQLError(res, HTTP_STATUS[code] ?? 502, code, refusal?.message ?? 'Governance did not answer');
    return;
  }
  const total = answer.body.data.accessLog.totalCount ?? 0;
  const maxRows = deps.config.ACCESS_LOG_EXPORT_MAX_ROWS;
  if (total > maxRows) {
    sendGraphQLError(
      res,
      400,
      'BAD_USER_INPUT',
      `The range holds ${total} entries, more than the ${maxRows} one export may hold: narrow from and to`,
    );
    return;
  }

  res.status(200);
  res.setHeader('content-type', 'application/x-ndjson; charset=utf-8');
  res.setHeader('content-disposition', 'attachment; filename="access-log.jsonl"');
  res.setHeader('cache-control', 'no-store');
  let written = 0;
  for (;;) {
    const page: Page['accessLog'] = answer.body.data!.accessLog;
    for (const { node } of page.edges) {
      if (written >= maxRows) break;
      written++;
      if (!res.write(`${JSON.stringify(node)}\n`)) await new Promise((resolve) => res.once('drain', resolve));
    }
    if (!page.pageInfo.hasNextPage || written >= maxRows || res.destroyed) break;
    answer = await ask(page.pageInfo.endCursor, false);
    if (answer.body.errors?.length || !answer.body.data) {
      // The status is sent: cutting the chunked body short is how the client learns it failed.
      deps.logger.error(
        { requestId: origin.requestId, written, error: answer.body.errors?.[0] },
        'the access log export stopped: governance did not answer a page',
      );
      res.destroy();
      return;
    }
  }
  res.end();
}
