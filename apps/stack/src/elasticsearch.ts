import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ELASTICSEARCH_VERSION,
  provisionElasticsearch,
  startElasticsearch,
  stopElasticsearchProcess,
} from '@cairn/local-services';
import { isAlive, parseServiceArguments, readPidFile } from './background-service';

/**
 * `npm run elasticsearch [-- --port 9200] [--background | --stop]`
 *
 * Runs a local single-node Elasticsearch (the pinned integration-test distribution, fetched with
 * Maven into `.data/elasticsearch/` and kept there) on 127.0.0.1. Prints
 * `ELASTICSEARCH_URL=http://127.0.0.1:<port>` on its own line once the cluster is healthy.
 * In the foreground it runs until Ctrl-C; `--background` leaves it running, records its pid in
 * `.data/elasticsearch/es.pid` and exits (CI); `--stop` stops that background node.
 */

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const root = path.join(repoRoot, '.data', 'elasticsearch');
const pidFile = path.join(root, 'es.pid');
const DEFAULT_PORT = 9200;
const USAGE = 'usage: npm run elasticsearch -- [--port <port>] [--background | --stop]';

async function stopBackground(): Promise<void> {
  const pid = await readPidFile(pidFile);
  if (pid === null) {
    console.log(`No background Elasticsearch recorded in ${path.relative(repoRoot, pidFile)}.`);
    return;
  }
  await stopElasticsearchProcess(pid);
  await rm(pidFile, { force: true });
  console.log(`Stopped Elasticsearch (pid ${pid}).`);
}

async function main() {
  const { port, mode } = parseServiceArguments(process.argv.slice(2), DEFAULT_PORT, USAGE);
  if (mode === 'stop') return stopBackground();

  const running = await readPidFile(pidFile);
  if (running !== null && isAlive(running)) {
    throw new Error(
      `A background Elasticsearch is already running (pid ${running}); stop it with \`npm run elasticsearch -- --stop\``,
    );
  }
  const log = (line: string) => console.error(line);
  const { home } = await provisionElasticsearch({ cacheDir: root, log });
  console.error(
    `starting Elasticsearch ${ELASTICSEARCH_VERSION} on 127.0.0.1:${port} (data in .data/elasticsearch/data)`,
  );
  const started = Date.now();
  const node = await startElasticsearch({
    home,
    dataDir: path.join(root, 'data'),
    port,
    background: mode === 'background',
    // Its console is noisy (bootstrap-check warnings are expected here); keep errors only.
    log: (line) => {
      if (/\]\[(ERROR|FATAL)\]|^ERROR:|Exception/.test(line)) log(line);
    },
  });
  console.error(`Elasticsearch is healthy after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`ELASTICSEARCH_URL=${node.url}`);

  if (mode === 'background') {
    await writeFile(pidFile, `${node.pid}\n`);
    console.log(`ELASTICSEARCH_PID_FILE=${pidFile}`);
    console.error('Running in the background; stop it with `npm run elasticsearch -- --stop`.');
    return;
  }
  console.error('Press Ctrl-C to stop.');
  const shutdown = async (signal: string) => {
    console.error(`${signal}: stopping Elasticsearch`);
    await node.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
