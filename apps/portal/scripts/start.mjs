#!/usr/bin/env node
// Starts the portal on PORTAL_PORT. The port comes from the validated config, like every
// other setting; `--dev` runs `next dev` instead of `next start`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const portalDir = fileURLToPath(new URL('..', import.meta.url));
const { ConfigError, loadConfig, portalSchema } = require('@cairn/config');

const command = process.argv.includes('--dev') ? 'dev' : 'start';
let config;
try {
  // `next start` always runs with NODE_ENV=production: check the config as it will see it,
  // so a missing PORTAL_AUTH_SECRET fails here rather than on the first request.
  const nodeEnv = command === 'start' ? 'production' : process.env.NODE_ENV;
  config = loadConfig(portalSchema, { ...process.env, NODE_ENV: nodeEnv });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`portal: ${error.message}`);
  process.exit(1);
}

const nextBin = require.resolve('next/dist/bin/next');
const child = spawn(
  process.execPath,
  [nextBin, command, '--hostname', '127.0.0.1', '--port', String(config.PORTAL_PORT)],
  { stdio: 'inherit', cwd: portalDir },
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
