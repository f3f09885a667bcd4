import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';

export interface PortalOptions {
  port: number;
  /** Public URL (sign-in callbacks come back here). */
  url: string;
  issuer: string;
  gatewayUrl: string;
  env: Record<string, string | undefined>;
  logger: Logger;
}

export interface RunningPortal {
  url: string;
  stop(): Promise<void>;
}

const portalDir = path.resolve(__dirname, '..', '..', 'portal');

async function waitUntilServing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the portal exited with code ${child.exitCode}`);
    const ok = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the portal did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** Runs the built Next.js portal (`next start`) as its own process, as production does. */
export async function startPortal(options: PortalOptions): Promise<RunningPortal> {
  const nextBin = require.resolve('next/dist/bin/next', { paths: [portalDir] });
  const child = spawn(
    process.execPath,
    [nextBin, 'start', '--hostname', '127.0.0.1', '--port', String(options.port)],
    {
      cwd: portalDir,
      env: {
        ...options.env,
        NEXT_TELEMETRY_DISABLED: '1',
        PORTAL_PORT: String(options.port),
        PORTAL_URL: options.url,
        OIDC_ISSUER: options.issuer,
        GATEWAY_URL: options.gatewayUrl,
        // `next start` runs as production, which requires a session secret. Locally a fresh one
        // per start is enough: signing in again after a restart is the only cost.
        PORTAL_AUTH_SECRET: options.env.PORTAL_AUTH_SECRET ?? randomBytes(32).toString('hex'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = options.logger.child({ name: 'portal' });
  child.stdout?.on('data', (chunk: Buffer) => log.debug(chunk.toString().trimEnd()));
  child.stderr?.on('data', (chunk: Buffer) => log.warn(chunk.toString().trimEnd()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  try {
    await waitUntilServing(`http://127.0.0.1:${options.port}/api/auth/providers`, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: options.url, stop };
}
