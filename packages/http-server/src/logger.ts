import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Credentials that must never reach a log line: the caller's bearer token, the gateway's
 * identity token, API tokens, cookies. pino-http logs request and response headers, and errors
 * may carry the request that caused them, so every place a header can appear is listed.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-cairn-identity"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-cairn-identity"]',
  'err.config.headers.authorization',
  'err.request.headers.authorization',
  'err.request.headers["x-cairn-identity"]',
  'authorization',
  'token',
  'accessToken',
  'identityToken',
];

export function createServiceLogger(
  service: string,
  level: string,
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
