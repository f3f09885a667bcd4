import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceMetrics } from './registry';

export const METRICS_PATH = '/metrics';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics`. With a token, a scrape must send `Authorization: Bearer <token>` (Prometheus:
 * `authorization: { credentials_file: … }`); without one it is open to whoever reaches the port,
 * which is where the service binds (HOST, 127.0.0.1 by default).
 */
export function metricsEndpoint(metrics: ServiceMetrics, token: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => {
    if (token !== undefined) {
      const header = req.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      if (!sameSecret(given, token)) {
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
        res.end('A metrics token is required\n');
        return;
      }
    }
    try {
      const { contentType, body } = await metrics.scrape();
      res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } catch (error) {
      if (next) next(error);
      else throw error;
    }
  };
}
