// Starts Cairn's services as separate Node processes, as production runs them, for the
// benchmarks: each child is stopped with the others, and can be profiled over the inspector.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How `docker/gateway.Dockerfile` and `npm start` run the gateway (see the comment there). */
export const GATEWAY_NODE_FLAGS = ['--max-semi-space-size=32'];

export async function waitFor(url, name) {
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not become ready at ${url}`);
}

/**
 * The services of one benchmark run. `inspectPort(name)` gives a free port to profile a
 * service on, or nothing; `stop()` ends every process started here.
 */
export function serviceGroup({ inspectPort = async () => undefined, quiet = false } = {}) {
  const children = [];
  return {
    children,
    async start(name, script, env, readyUrl, nodeFlags = []) {
      const port = await inspectPort(name);
      const inspect = port ? [`--inspect=127.0.0.1:${port}`] : [];
      const child = spawn(process.execPath, [...nodeFlags, ...inspect, path.join(root, script)], {
        // Development mode: the services accept the published development identity keys.
        env: {
          ...process.env,
          NODE_ENV: 'development',
          LOG_LEVEL: 'warn',
          RATE_LIMIT_PER_MINUTE: '0',
          ...env,
        },
        stdio: ['ignore', 'inherit', quiet || port ? 'ignore' : 'inherit'],
      });
      children.push(child);
      await waitFor(readyUrl, name);
      return child;
    },
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', resolve);
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
