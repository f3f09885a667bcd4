// Uploads and registers one large artifact through the `cairn` CLI against the whole stack (the
// gateway streaming to the registry, the registry to its filesystem store), and downloads it back,
// next to a plain file copy of the same bytes on the same disk, in one run. Reports throughput of
// each and their ratio, and the peak resident memory growth of the server process (every service
// runs in it) during the upload and the download. Usage: npm run bench:artifacts
// Options (env): BENCH_ARTIFACT_MIB (1024)
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pino from 'pino';

const require = createRequire(import.meta.url);
const {
  createDatabase,
  ensureServiceLogin,
  freePort,
  startEmbeddedPostgres,
  asLogin,
} = require('@cairn/local-services');
const { migrateAll, startStack } = require('@cairn/stack');

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MIB = Number(process.env.BENCH_ARTIFACT_MIB ?? 1024);
const SIZE = MIB * 1024 * 1024;

/** Peak RSS of this process (the server) while `work` runs, sampled every 50 ms. */
async function peakRss(work) {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return {
    seconds: (performance.now() - started) / 1000,
    rssGrowthMiB: Math.round((peak - before) / 2 ** 20),
  };
}

async function writeArtifact(file) {
  // Random bytes in 64 MiB blocks: incompressible, and never the whole file in memory.
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  for (let written = 0; written < SIZE; ) {
    const block = randomBytes(Math.min(64 * 2 ** 20, SIZE - written));
    hash.update(block);
    if (!out.write(block)) await new Promise((resolve) => out.once('drain', resolve));
    written += block.length;
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return `sha256:${hash.digest('hex')}`;
}

async function main() {
  // Everything on one disk: the artifact, the plain copy, the store, the download.
  const work = mkdtempSync(path.join(os.tmpdir(), 'cairn-artifact-bench-'));
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(work, 'pg'),
    port: await freePort(),
    persistent: false,
  });
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const jwks = createServer((_req, res) =>
    res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })),
  );
  await new Promise((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${jwks.address().port}`;
  let stack;
  try {
    await createDatabase(postgres.adminUrl, 'cairn_bench');
    await ensureServiceLogin(postgres.adminUrl);
    const ownerUrl = postgres.urlFor('cairn_bench');
    await migrateAll(ownerUrl);
    stack = await startStack({
      databaseUrl: asLogin(ownerUrl),
      oidcIssuer: issuer,
      env: {
        NODE_ENV: 'development',
        OIDC_JWKS_URI: `${issuer}/jwks`,
        ARTIFACT_DIR: path.join(work, 'store'),
        RATE_LIMIT_PER_MINUTE: '0',
      },
      ephemeralPorts: true,
      logger: pino({ level: 'warn' }),
    });
    const token = (subject, groups) =>
      new SignJWT({ groups })
        .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
        .setIssuer(issuer)
        .setAudience('cairn-api')
        .setSubject(subject)
        .setExpirationTime('2h')
        .sign(privateKey);
    const admin = await token('root', ['cairn-platform-admins']);
    await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        query: 'mutation { createTeam(input: { slug: "bench", name: "Bench" }) { id } }',
      }),
    });
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: path.join(work, 'config'),
      CAIRN_API_URL: new URL(stack.gatewayUrl).origin,
      CAIRN_TOKEN: await token('pipeline', ['cairn-bench-contributors']),
    };
    const cairn = (...args) =>
      run(process.execPath, [path.join(root, 'apps/cli/bin/cairn.js'), ...args, '--json'], {
        env,
        maxBuffer: 2 ** 24,
      });

    const source = path.join(work, 'artifact', 'model.bin');
    mkdirSync(path.dirname(source));
    console.log(`writing a ${MIB} MiB artifact…`);
    const digest = await writeArtifact(source);

    console.log('plain copy…');
    const copy = await peakRss(() => run('cp', [source, path.join(work, 'copy.bin')]));
    rmSync(path.join(work, 'copy.bin'));
    console.log('cairn register (hash, upload in parts through the gateway, verify, register)…');
    const upload = await peakRss(() =>
      cairn('register', 'bench/large-model', path.dirname(source), '--create-model'),
    );
    console.log('plain copy again, then cairn download (stream, verify digest and manifest)…');
    const copyAgain = await peakRss(() => run('cp', [source, path.join(work, 'copy.bin')]));
    const download = await peakRss(() =>
      cairn('download', 'bench/large-model@1', path.join(work, 'download')),
    );
    const { stdout } = await run('sha256sum', [path.join(work, 'download', 'model.bin')]);
    if (`sha256:${stdout.split(' ')[0]}` !== digest)
      throw new Error('the download does not match the upload');

    const rate = (s) => Math.round(MIB / s);
    const report = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      mib: MIB,
      copyMiBps: rate(copy.seconds),
      uploadMiBps: rate(upload.seconds),
      uploadOverCopy: Number((copy.seconds / upload.seconds).toFixed(3)),
      uploadServerRssGrowthMiB: upload.rssGrowthMiB,
      copyAgainMiBps: rate(copyAgain.seconds),
      downloadMiBps: rate(download.seconds),
      downloadOverCopy: Number((copyAgain.seconds / download.seconds).toFixed(3)),
      downloadServerRssGrowthMiB: download.rssGrowthMiB,
    };
    console.log(
      `upload + register: ${report.uploadMiBps} MiB/s vs copy ${report.copyMiBps} MiB/s = ${(report.uploadOverCopy * 100).toFixed(1)} % (target ≥ 70 %), server RSS +${report.uploadServerRssGrowthMiB} MiB\n` +
        `download: ${report.downloadMiBps} MiB/s vs copy ${report.copyAgainMiBps} MiB/s = ${(report.downloadOverCopy * 100).toFixed(1)} %, server RSS +${report.downloadServerRssGrowthMiB} MiB`,
    );
    mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    const file = path.join(root, 'bench', 'results', `artifact-upload-${Date.now()}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`written to ${path.relative(root, file)}`);
  } finally {
    await stack?.stop();
    jwks.close();
    await postgres.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
