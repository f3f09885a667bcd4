import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, realpathSync } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The newest 8.19.x on Maven Central. The 8.x client (`@elastic/elasticsearch ~8.19`) only talks
 * to 8.x servers, and the 9.x client needs Node 22.
 */
export const ELASTICSEARCH_VERSION = '8.19.21';

/**
 * Elastic's integration-test distribution: the server, transport-netty4, x-pack core/security and
 * apm, nothing else. No analysis-common (edge n-grams, stemmers, synonyms, even the `keyword`
 * tokenizer and `lowercase` filter), no mapper-extras, no painless, no `_reindex`, and no
 * rest-root module, so `GET /` answers 405: never use `client.info()` or `ping()` against it.
 */
const ARTIFACT = `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ELASTICSEARCH_VERSION}:zip`;

/** Elasticsearch refuses to run as root; as root we run it as this user, created if missing. */
export const ELASTICSEARCH_USER = 'cairn-es';

const EXTRACTED_MARKER = '.cairn-extracted';

/** The first executable called `command` on PATH. */
export function findOnPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

/** True when this machine can fetch and run the pinned Elasticsearch: `java` and `mvn` on PATH. */
export function elasticsearchAvailable(): boolean {
  return findOnPath('java') !== null && findOnPath('mvn') !== null;
}

/** The JDK behind `java` on PATH (`/usr/lib/jvm/java-17-openjdk-amd64` for `/usr/bin/java`). */
export function machineJavaHome(): string {
  const java = findOnPath('java');
  if (!java) throw new Error('java is not on PATH: Elasticsearch needs a JDK (17 or newer)');
  return path.dirname(path.dirname(realpathSync(java)));
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

async function extract(zip: string, into: string): Promise<void> {
  if (findOnPath('unzip')) {
    // Keeps the archive's file modes, so bin/ stays executable.
    await run('unzip', ['-q', '-o', zip, '-d', into], { maxBuffer: 16 * 1024 * 1024 });
  } else if (findOnPath('python3')) {
    await run('python3', ['-m', 'zipfile', '-e', zip, into]);
  } else if (findOnPath('jar')) {
    await run('jar', ['xf', zip], { cwd: into });
  } else {
    throw new Error('Cannot unpack Elasticsearch: none of unzip, python3 or jar is on PATH');
  }
}

/** Everyone may read the tree and enter its folders; bin/ is executable (python3/jar drop modes). */
async function makeReadable(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await chmod(full, 0o755);
      await makeReadable(full);
    } else if (entry.isFile()) {
      const mode = (await stat(full)).mode & 0o777;
      const executable = path.basename(dir) === 'bin' || (mode & 0o100) !== 0;
      await chmod(full, executable ? mode | 0o555 : mode | 0o444);
    }
  }
}

export interface ProvisionElasticsearchOptions {
  /** Keeps the downloaded zip and the unpacked distribution between runs. */
  cacheDir: string;
  log?: (line: string) => void;
}

export interface ProvisionedElasticsearch {
  /** ES_HOME of the unpacked distribution. */
  home: string;
  version: string;
}

/**
 * Fetches the pinned distribution with Maven (which reuses `~/.m2`) and unpacks it once into
 * `<cacheDir>/elasticsearch-<version>`. Unpacking goes to a temporary folder renamed into place,
 * so an interrupted run never leaves a half-unpacked home behind.
 */
export async function provisionElasticsearch(
  options: ProvisionElasticsearchOptions,
): Promise<ProvisionedElasticsearch> {
  const log = options.log ?? (() => {});
  const cacheDir = path.resolve(options.cacheDir);
  const home = path.join(cacheDir, `elasticsearch-${ELASTICSEARCH_VERSION}`);
  if (await exists(path.join(home, EXTRACTED_MARKER))) return { home, version: ELASTICSEARCH_VERSION };

  await mkdir(cacheDir, { recursive: true });
  const zip = path.join(cacheDir, `elasticsearch-${ELASTICSEARCH_VERSION}.zip`);
  if (!(await exists(zip))) {
    if (!findOnPath('mvn')) throw new Error(`mvn is not on PATH: cannot fetch ${ARTIFACT}`);
    log(`fetching ${ARTIFACT} with Maven`);
    await run(
      'mvn',
      ['-B', '-q', 'dependency:copy', `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${cacheDir}`],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(
        `mvn dependency:copy ${ARTIFACT} failed: ${error.stdout ?? ''}${error.stderr ?? error.message}`,
      );
    });
  }

  log(`unpacking ${path.basename(zip)}`);
  const staging = path.join(cacheDir, `.unpack-${randomBytes(4).toString('hex')}`);
  await mkdir(staging);
  try {
    await extract(zip, staging);
    const unpacked = path.join(staging, `elasticsearch-${ELASTICSEARCH_VERSION}`);
    await makeReadable(unpacked);
    await writeFile(path.join(unpacked, EXTRACTED_MARKER), `${ELASTICSEARCH_VERSION}\n`);
    await rm(home, { recursive: true, force: true });
    await rename(unpacked, home).catch(async (error) => {
      // Another process unpacked it at the same moment: use theirs.
      if (!(await exists(path.join(home, EXTRACTED_MARKER)))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { home, version: ELASTICSEARCH_VERSION };
}
