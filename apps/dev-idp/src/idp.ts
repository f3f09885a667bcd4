import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DevIdpConfig } from '@cairn/config';
import Provider from 'oidc-provider';
import pino, { type Logger } from 'pino';
import { interactionRoutes } from './interactions';
import { providerConfiguration } from './provider-config';

export interface RunningDevIdp {
  /** The issuer URL tokens carry in `iss`; the discovery document is under it. */
  issuer: string;
  port: number;
  /** Stops listening and drops open connections; resolves once the port is free. */
  close(): Promise<void>;
}

/**
 * Starts the development OpenID Connect provider. With `DEV_IDP_PORT` 0 (tests) it takes a
 * free port and uses `http://127.0.0.1:<port>` as its issuer, so test files can run in parallel.
 */
export async function startDevIdp(config: DevIdpConfig, logger?: Logger): Promise<RunningDevIdp> {
  const log = logger ?? pino({ level: 'silent' });
  const configuration = await providerConfiguration(config);
  // Listen first: with port 0 the issuer depends on the port the OS hands out.
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.DEV_IDP_PORT, config.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = config.DEV_IDP_PORT === 0 ? `http://127.0.0.1:${port}` : config.DEV_IDP_ISSUER;

  let provider: Provider;
  try {
    provider = new Provider(issuer, configuration);
  } catch (err) {
    server.close();
    throw err;
  }
  // Plain HTTP on localhost: no TLS-terminating proxy in front, so trust no forwarded headers.
  provider.proxy = false;
  provider.on('server_error', (_ctx, err) => log.error({ err }, 'dev-idp server error'));
  provider.on('grant.error', (_ctx, err) => log.info({ err: err.message }, 'dev-idp grant refused'));

  const interactions = interactionRoutes(provider, log);
  const oidc = provider.callback();
  handler = (req, res) => {
    if (req.url === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ status: 'ok', issuer }));
      return;
    }
    interactions(req, res)
      .then((handled) => {
        if (!handled) oidc(req, res);
      })
      .catch((err: unknown) => {
        log.error({ err }, 'dev-idp request failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  };

  return {
    issuer,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
