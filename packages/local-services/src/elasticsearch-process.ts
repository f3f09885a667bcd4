import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

import { ELASTICSEARCH_USER, findOnPath, machineJavaHome } from './elasticsearch-provision';

const run = promisify(execFile);

interface UserIds {
  uid: number;
  gid: number;
}

async function lookupUser(name: string): Promise<UserIds | null> {
  try {
    const uid = Number((await run('id', ['-u', name])).stdout.trim());
    const gid = Number((await run('id', ['-g', name])).stdout.trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** The unprivileged user Elasticsearch runs as when we are root, created on first use. */
async function ensureUser(name: string): Promise<UserIds> {
  const existing = await lookupUser(name);
  if (existing) return existing;
  const groupExists = await run('getent', ['group', name]).then(
    () => true,
    () => false,
  );
  const [command, args] = findOnPath('useradd')
    ? [
        'useradd',
        [
          '--system',
          ...(groupExists ? ['--gid', name] : ['--user-group']),
          '--no-create-home',
          '--home-dir',
          '/nonexistent',
          '--shell',
          '/usr/sbin/nologin',
          name,
        ],
      ]
    : ['adduser', ['-S', '-D', '-H', '-s', '/sbin/nologin', name]];
  // A parallel run may create the same user between our lookup and this call: look again below.
  await run(command, args).catch(() => undefined);
  const created = await lookupUser(name);
  if (!created)
    throw new Error(`Could not create the user ${name} to run Elasticsearch as (it refuses root)`);
  return created;
}

/** Lets `uid` walk into `dir`: every folder above it gets the "others may enter" bit. */
async function makeTraversable(dir: string): Promise<void> {
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    const mode = (await stat(current)).mode;
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    const up = path.dirname(current);
    if (up === current) return;
    current = up;
  }
}

async function chownTree(dir: string, ids: UserIds): Promise<void> {
  await chown(dir, ids.uid, ids.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, ids);
    else await chown(full, ids.uid, ids.gid);
  }
}

export interface StartElasticsearchOptions {
  /** ES_HOME, from `provisionElasticsearch`. */
  home: string;
  /** `path.data`. Its parent also holds `es-config`, `es-logs` and `es-tmp` unless given below. */
  dataDir: string;
  port: number;
  heapMb?: number;
  /** Elasticsearch's console output, line by line (foreground only). */
  log?: (line: string) => void;
  logsDir?: string;
  /** A per-instance copy of `<home>/config`: the home stays read-only and shareable. */
  configDir?: string;
  tmpDir?: string;
  /** Defaults to the JDK behind `java` on PATH. */
  javaHome?: string;
  /**
   * Leave Elasticsearch running when this process exits: its console output goes to
   * `<logsDir>/console.log` instead of `log`, and the child is detached and unreferenced.
   */
  background?: boolean;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

export interface RunningElasticsearch {
  url: string;
  /** The launcher's pid, also its process group: `stopElasticsearchProcess(pid)` stops it. */
  pid: number;
  stop(): Promise<void>;
}

const CLUSTER_NAME = 'cairn-local';

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops an Elasticsearch started by `startElasticsearch`, by the launcher's pid (also its process
 * group). SIGTERM lets the launcher shut the server down cleanly (≈2 s); whatever is left of the
 * group after `timeoutMs` gets SIGKILL. Resolves once no process of the group is left.
 */
export async function stopElasticsearchProcess(pid: number, timeoutMs = 30_000): Promise<void> {
  if (!groupAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // The launcher is gone but the server it started is not: ask the server directly.
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {}
  }
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
  if (!groupAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {}
  while (groupAlive(pid)) await sleep(100);
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  describeFailure: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Elasticsearch ${exited} while starting\n${describeFailure()}`);
    try {
      const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`, {
        signal: AbortSignal.timeout(3000),
      });
      if (response.ok) {
        const health = (await response.json()) as { cluster_name?: string; status?: string };
        if (health.cluster_name !== CLUSTER_NAME) {
          throw new Error(`Another Elasticsearch (${health.cluster_name}) answers on ${url}`);
        }
        if (health.status === 'green' || health.status === 'yellow') return;
      }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('Another')) throw error;
    }
    await sleep(250);
  }
  throw new Error(`Elasticsearch did not become healthy within ${timeoutMs} ms\n${describeFailure()}`);
}

/**
 * Starts Elasticsearch on 127.0.0.1:`port` and resolves once the cluster is at least yellow.
 * As root, it runs as `cairn-es`; every folder above home, data, config and logs is made
 * enterable by that user, and the per-instance folders are handed to it.
 *
 * Measured on 2 cores with the 8.19.21 integration-test zip: 7–10 s from spawn to yellow
 * (≈3.5 s of it is the launcher JVM), ≈750 MB RSS for the server at 512 MB heap plus ≈100 MB
 * for the launcher, SIGTERM to stopped in ≈2 s.
 */
export async function startElasticsearch(options: StartElasticsearchOptions): Promise<RunningElasticsearch> {
  const home = path.resolve(options.home);
  const dataDir = path.resolve(options.dataDir);
  const parent = path.dirname(dataDir);
  const logsDir = path.resolve(options.logsDir ?? path.join(parent, 'es-logs'));
  const configDir = path.resolve(options.configDir ?? path.join(parent, 'es-config'));
  const tmpDir = path.resolve(options.tmpDir ?? path.join(parent, 'es-tmp'));
  const heapMb = options.heapMb ?? 512;
  const url = `http://127.0.0.1:${options.port}`;

  if (await portAnswers(options.port)) throw new Error(`Port ${options.port} on 127.0.0.1 is already in use`);

  for (const dir of [dataDir, logsDir, configDir, tmpDir]) await mkdir(dir, { recursive: true });
  // Per-instance config: Elasticsearch writes its keystore next to elasticsearch.yml.
  await cp(path.join(home, 'config'), configDir, { recursive: true, force: true });
  await writeFile(
    path.join(configDir, 'jvm.options.d', 'cairn.options'),
    [
      // jvm.options writes GC logs into path.logs (up to 32 × 64 MB); keep only JVM warnings.
      '-Xlog:disable',
      '-Xlog:all=warning:stderr:utctime,level,tags',
      '',
    ].join('\n'),
  );

  const isRoot = process.getuid?.() === 0;
  let ids: UserIds | undefined;
  if (isRoot) {
    ids = await ensureUser(ELASTICSEARCH_USER);
    for (const dir of [home, dataDir, logsDir, configDir, tmpDir]) await makeTraversable(dir);
    for (const dir of [dataDir, logsDir, configDir, tmpDir]) await chownTree(dir, ids);
  }

  const args = [
    '-Expack.security.enabled=false',
    '-Ediscovery.type=single-node',
    `-Ecluster.name=${CLUSTER_NAME}`,
    '-Enode.name=cairn',
    '-Enetwork.host=127.0.0.1',
    `-Ehttp.port=${options.port}`,
    `-Epath.data=${dataDir}`,
    `-Epath.logs=${logsDir}`,
    // Disk watermarks would turn indices read-only on a nearly full dev disk.
    '-Ecluster.routing.allocation.disk.threshold_enabled=false',
    // Accepted by this distribution (a no-op: it has no ML module); saves a native process on a full one.
    '-Expack.ml.enabled=false',
  ];
  // C1 only: ≈2 s faster to start on 2 cores; peak throughput does not matter for a dev/test node.
  const fastJit = '-XX:TieredStopAtLevel=1';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    ES_JAVA_HOME: options.javaHome ?? machineJavaHome(),
    ES_PATH_CONF: configDir,
    ES_TMPDIR: tmpDir,
    ES_JAVA_OPTS: `-Xms${heapMb}m -Xmx${heapMb}m ${fastJit}`,
    CLI_JAVA_OPTS: fastJit,
  };

  const tail: string[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };
  const consoleLog = path.join(logsDir, 'console.log');
  const output = options.background ? openSync(consoleLog, 'a') : 'pipe';
  const child = spawn(path.join(home, 'bin', 'elasticsearch'), args, {
    cwd: home,
    env,
    uid: ids?.uid,
    gid: ids?.gid,
    // Its own process group, so a stop can reach the server JVM the launcher starts.
    detached: true,
    stdio: ['ignore', output, output],
  });
  if (typeof output === 'number') closeSync(output);
  const pid = child.pid;
  if (pid === undefined) throw new Error('Could not spawn bin/elasticsearch');
  if (!options.background) {
    const log = options.log ?? (() => {});
    let pending = '';
    const onData = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        remember(line);
        log(line);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  }
  const describeFailure = () => {
    if (!options.background) return tail.join('\n');
    try {
      return readFileSync(consoleLog, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return `(see ${consoleLog})`;
    }
  };

  const stop = () => stopElasticsearchProcess(pid, options.stopTimeoutMs);
  try {
    await waitForHealth(url, child, options.startTimeoutMs ?? 120_000, describeFailure);
  } catch (error) {
    await stop();
    throw error;
  }
  if (options.background) {
    child.unref();
  } else {
    // The foreground caller owns the node: do not let it outlive us on a crash.
    process.once('exit', () => {
      if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    });
  }
  return { url, pid, stop };
}
