import { pipeline } from 'node:stream/promises';
import type { GatewayConfig } from '@cairn/config';
import { isCairnError } from '@cairn/errors';
import { sendGraphQLError } from '@cairn/http-server';
import { INTERNAL_IDENTITY_HEADER, type Principal, REQUEST_ID_HEADER } from '@cairn/identity';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { request } from 'undici';
import { accessEntry, type RequestOrigin } from './access-log';
import type { AccessLogSender } from './access-log-sender';
import { CallerResolutionUnavailableError, type CallerResolver } from './caller-resolution';
import type { IdentityForwarder } from './identity-forwarding';

export const AUDIT_EXPORT_PATH = '/audit/export';
const OPERATION = { type: 'query' as const, name: `GET ${AUDIT_EXPORT_PATH}`, rootFields: ['auditExport'] };
const SEQ = /^\d{1,15}$/;

interface AuditExportDependencies {
  config: Pick<GatewayConfig, 'GOVERNANCE_URL' | 'SUBGRAPH_TIMEOUT_MS'>;
  callers: Pick<CallerResolver, 'authenticate'>;
  identities: Pick<IdentityForwarder, 'tokenFor'>;
  accessLog: Pick<AccessLogSender, 'record'>;
  logger: Logger;
  retryAfter(key: string): number;
}

/**
 * `GET /audit/export?from=&to=`: governance's audit chain export (JSON Lines,
 * `docs/audit-export.md`), streamed through. Authenticated and rate limited like `/graphql`;
 * governance decides who may read it. Every export, and every refusal, goes to the access log.
 */
export function auditExport(deps: AuditExportDependencies): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET') {
      sendGraphQLError(res, 405, 'BAD_REQUEST', `Use GET for ${AUDIT_EXPORT_PATH}`, { allow: 'GET' });
      return;
    }
    forward(deps, req, res).catch(next);
  };
}

async function forward(deps: AuditExportDependencies, req: Request, res: Response): Promise<void> {
  const origin: RequestOrigin = {
    requestId: String(req.id),
    address: req.ip,
    userAgent: req.headers['user-agent'],
  };
  let principal: Principal | null = null;
  const record = (code: string | null) =>
    deps.accessLog.record(accessEntry(origin, principal, OPERATION, code ? [code] : []));
  const fail = (status: number, code: string, message: string, headers?: Record<string, string>) => {
    record(code);
    sendGraphQLError(res, status, code, message, headers);
  };
  try {
    principal = await deps.callers.authenticate(req.headers.authorization, origin);
  } catch (error) {
    if (error instanceof CallerResolutionUnavailableError) {
      return fail(503, 'SUBGRAPH_UNAVAILABLE', 'API tokens cannot be checked right now', {
        'retry-after': '5',
      });
    }
    if (!isCairnError(error)) throw error;
    const wait = deps.retryAfter(`address:${req.ip}`);
    if (wait > 0)
      return fail(429, 'RATE_LIMITED', `Too many requests: retry in ${wait} s`, {
        'retry-after': String(wait),
      });
    return fail(401, error.code, error.message, { 'www-authenticate': 'Bearer' });
  }
  const wait = deps.retryAfter(`principal:${principal.subject}`);
  if (wait > 0)
    return fail(429, 'RATE_LIMITED', `Too many requests: retry in ${wait} s`, {
      'retry-after': String(wait),
    });

  // Only the two seq bounds travel on, checked here, so nothing else reaches governance.
  const query = new URLSearchParams();
  for (const name of ['from', 'to'] as const) {
    const value = req.query[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !SEQ.test(value)) {
      return fail(400, 'BAD_USER_INPUT', `${name} must be a seq number, 1 or more`);
    }
    query.set(name, value);
  }
  const url = new URL(`${AUDIT_EXPORT_PATH}${query.size ? `?${query}` : ''}`, deps.config.GOVERNANCE_URL);
  const aborted = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  let upstream: Awaited<ReturnType<typeof request>>;
  try {
    upstream = await request(url, {
      method: 'GET',
      headers: {
        [INTERNAL_IDENTITY_HEADER]: await deps.identities.tokenFor(principal, 'governance'),
        [REQUEST_ID_HEADER]: origin.requestId,
      },
      headersTimeout: deps.config.SUBGRAPH_TIMEOUT_MS,
      signal: aborted.signal,
    });
  } catch (error) {
    deps.logger.warn(
      { err: error, requestId: origin.requestId },
      'governance did not answer an audit export',
    );
    return fail(502, 'SUBGRAPH_UNAVAILABLE', 'The governance service is unavailable');
  }
  if (upstream.statusCode >= 400) {
    const text = await upstream.body.text().catch(() => '');
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions
        ?.code;
    } catch {}
    if (upstream.statusCode >= 500 || upstream.statusCode === 401 || !code) {
      return fail(502, 'SUBGRAPH_UNAVAILABLE', `The governance service failed (HTTP ${upstream.statusCode})`);
    }
    record(code);
    res.status(upstream.statusCode).type('application/json').send(text);
    return;
  }
  res.status(200);
  for (const name of ['content-type', 'content-disposition', 'cache-control']) {
    const value = upstream.headers[name];
    if (value !== undefined) res.setHeader(name, value);
  }
  try {
    await pipeline(upstream.body, res);
    record(null);
  } catch (error) {
    deps.logger.warn({ err: error, requestId: origin.requestId }, 'the audit export was cut short');
    record('SUBGRAPH_UNAVAILABLE');
  }
}
