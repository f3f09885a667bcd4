import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { S3_TEST_ACCESS_KEY_ID, S3_TEST_SECRET_ACCESS_KEY } from '@cairn/config';
import { findOnPath } from '@cairn/local-services';
import { isAlive, parseServiceArguments, readPidFile } from './background-service';

/**
 * `npm run s3proxy [-- --port 9300] [--background | --stop]`
 *
 * Runs S3Proxy (an S3 API over a local folder; Maven Central's jar-with-dependencies, fetched
 * with Maven into `~/.m2` and run on the machine's JDK) on 127.0.0.1, for the S3 artifact store's
 * tests. Data goes to `.data/s3proxy/data`. Prints `S3_TEST_ENDPOINT=…` and the development
 * credentials once it answers. `--background` leaves it running with its pid in
 * `.data/s3proxy/s3proxy.pid` (CI); `--stop` stops that one.
 */

const run = promisify(execFile);

export const S3PROXY_VERSION = '2.6.0';
const ARTIFACT = `org.gaul:s3proxy:${S3PROXY_VERSION}:jar:jar-with-dependencies`;
const JAR = path.join(
  homedir(),
  '.m2/repository/org/gaul/s3proxy',
  S3PROXY_VERSION,
  `s3proxy-${S3PROXY_VERSION}-jar-with-dependencies.jar`,
);

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const root = path.join(repoRoot, '.data', 's3proxy');
const pidFile = path.join(root, 's3proxy.pid');
const DEFAULT_PORT = 9300;
const USAGE = 'usage: npm run s3proxy -- [--port <port>] [--background | --stop]';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function provisionJar(): Promise<string> {
  if (
    await access(JAR).then(
      () => true,
      () => false,
    )
  )
    return JAR;
  if (!findOnPath('mvn')) throw new Error(`mvn is not on PATH: cannot fetch ${ARTIFACT}`);
  console.error(`fetching ${ARTIFACT} with Maven`);
  await run('mvn', ['-B', '-q', 'dependency:get', `-Dartifact=${ARTIFACT}`], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(
      `mvn dependency:get ${ARTIFACT} failed: ${error.stdout ?? ''}${error.stderr ?? error.message}`,
    );
  });
  return JAR;
}

/** Any HTTP answer (S3Proxy says 403 to an unsigned request) means it is up. */
async function waitUntilAnswering(url: string, pid: number, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      const tail = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(`S3Proxy exited while starting:\n${tail.split('\n').slice(-30).join('\n')}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`S3Proxy did not answer on ${url} within 60 s (see ${logFile})`);
}

async function stopProcess(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

async function stopBackground(): Promise<void> {
  const pid = await readPidFile(pidFile);
  if (pid === null) {
    console.log(`No background S3Proxy recorded in ${path.relative(repoRoot, pidFile)}.`);
    return;
  }
  await stopProcess(pid);
  await rm(pidFile, { force: true });
  console.log(`Stopped S3Proxy (pid ${pid}).`);
}

async function main() {
  const { port, mode } = parseServiceArguments(process.argv.slice(2), DEFAULT_PORT, USAGE);
  if (mode === 'stop') return stopBackground();
  const running = await readPidFile(pidFile);
  if (running !== null && isAlive(running)) {
    throw new Error(
      `A background S3Proxy is already running (pid ${running}); stop it with \`npm run s3proxy -- --stop\``,
    );
  }
  if (!findOnPath('java')) throw new Error('java is not on PATH: S3Proxy needs a JDK (11 or newer)');
  const jar = await provisionJar();

  const dataDir = path.join(root, 'data');
  await mkdir(dataDir, { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  const conf = path.join(root, 's3proxy.conf');
  await writeFile(
    conf,
    [
      `s3proxy.endpoint=${url}`,
      's3proxy.authorization=aws-v2-or-v4',
      `s3proxy.identity=${S3_TEST_ACCESS_KEY_ID}`,
      `s3proxy.credential=${S3_TEST_SECRET_ACCESS_KEY}`,
      'jclouds.provider=filesystem',
      `jclouds.filesystem.basedir=${dataDir}`,
      '',
    ].join('\n'),
  );
  const logFile = path.join(root, 'console.log');
  const background = mode === 'background';
  const output = background ? openSync(logFile, 'a') : 'inherit';
  // 64 MB of heap is plenty: S3Proxy streams objects to and from disk.
  const child = spawn('java', ['-Xmx64m', '-XX:TieredStopAtLevel=1', '-jar', jar, '--properties', conf], {
    cwd: root,
    detached: background,
    stdio: ['ignore', output, output],
  });
  if (typeof output === 'number') closeSync(output);
  const pid = child.pid;
  if (pid === undefined) throw new Error('Could not start java');
  try {
    await waitUntilAnswering(url, pid, background ? logFile : '(its output above)');
  } catch (error) {
    await stopProcess(pid);
    throw error;
  }
  console.error(`S3Proxy ${S3PROXY_VERSION} answers on ${url} (data in .data/s3proxy/data)`);
  console.log(`S3_TEST_ENDPOINT=${url}`);
  console.log(`S3_TEST_ACCESS_KEY_ID=${S3_TEST_ACCESS_KEY_ID}`);
  console.log(`S3_TEST_SECRET_ACCESS_KEY=${S3_TEST_SECRET_ACCESS_KEY}`);
  if (background) {
    await writeFile(pidFile, `${pid}\n`);
    child.unref();
    console.log(`S3PROXY_PID_FILE=${pidFile}`);
    console.error('Running in the background; stop it with `npm run s3proxy -- --stop`.');
    return;
  }
  console.error('Press Ctrl-C to stop.');
  const shutdown = async (signal: string) => {
    console.error(`${signal}: stopping S3Proxy`);
    await stopProcess(pid);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
