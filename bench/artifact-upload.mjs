// Uploads and registers one large artifact through the `cairn` CLI against the stack (the gateway
// streaming to the registry, the registry to its filesystem store; each service its own process,
// as in production), and downloads it back, next to a plain file copy of the same bytes on the
// same disk, in one run. As a reference it also sends the bytes once over plain Node HTTP to a
// server that only writes them to a file: the ceiling of any Node service one hop away. Reports
// throughput of each, their ratios, and the peak resident memory growth of the registry and the
// gateway during the upload and the download. Usage: npm run bench:artifacts
// Options (env): BENCH_ARTIFACT_MIB (1024); BENCH_PROFILE_DIR (profile mode: the CLI runs with
// --cpu-prof and writes its CPU profiles there; run the bench under `node --cpu-prof` for the server)
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { GATEWAY_NODE_FLAGS, root, serviceGroup } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const {
  createDatabase,
  ensureServiceLogin,
  freePort,
  startEmbeddedPostgres,
  asLogin,
} = require('@cairn/local-services');
const { migrateAll } = require('@cairn/stack');

const run = promisify(execFile);
const MIB = Number(process.env.BENCH_ARTIFACT_MIB ?? 1024);
const SIZE = MIB * 1024 * 1024;
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ? path.resolve(process.env.BENCH_PROFILE_DIR) : undefined;

/** Resident memory of a process now, from /proc (bytes). */
function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

/** How long `work` takes, and the peak RSS growth of each watched process meanwhile (every 50 ms). */
async function timed(work, watched = {}) {
  const before = Object.fromEntries(Object.entries(watched).map(([name, pid]) => [name, rssOf(pid)]));
  const peak = { ...before };
  const timer = setInterval(() => {
    for (const [name, pid] of Object.entries(watched)) peak[name] = Math.max(peak[name], rssOf(pid));
  }, 50);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return {
    seconds: (performance.now() - started) / 1000,
    rssGrowthMiB: Object.fromEntries(
      Object.keys(watched).map((name) => [name, Math.round((peak[name] - before[name]) / 2 ** 20)]),
    ),
  };
}

/** One PUT of the whole file to the bare HTTP sink. */
function putFile(port, file) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: '/',
        headers: { 'content-length': statSync(file).size },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`sink: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    createReadStream(file, { highWaterMark: 1 << 20 }).pipe(req);
  });
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
  const services = serviceGroup();
  try {
    await createDatabase(postgres.adminUrl, 'cairn_bench');
    await ensureServiceLogin(postgres.adminUrl);
    const ownerUrl = postgres.urlFor('cairn_bench');
    await migrateAll(ownerUrl);
    const databaseUrl = asLogin(ownerUrl);
    const [registryPort, governancePort, gatewayPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const registry = await services.start(
      'registry',
      'subgraphs/registry/dist/main.js',
      {
        DATABASE_URL: databaseUrl,
        REGISTRY_PORT: String(registryPort),
        ARTIFACT_DIR: path.join(work, 'store'),
      },
      `http://127.0.0.1:${registryPort}/readyz`,
    );
    await services.start(
      'governance',
      'subgraphs/governance/dist/main.js',
      { DATABASE_URL: databaseUrl, GOVERNANCE_PORT: String(governancePort) },
      `http://127.0.0.1:${governancePort}/readyz`,
    );
    const gateway = await services.start(
      'gateway',
      'apps/gateway/dist/main.js',
      {
        OIDC_ISSUER: issuer,
        OIDC_JWKS_URI: `${issuer}/jwks`,
        GATEWAY_PORT: String(gatewayPort),
        REGISTRY_URL: `http://127.0.0.1:${registryPort}/graphql`,
        GOVERNANCE_URL: `http://127.0.0.1:${governancePort}/graphql`,
      },
      `http://127.0.0.1:${gatewayPort}/healthz`,
      GATEWAY_NODE_FLAGS,
    );
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
    const watched = { registry: registry.pid, gateway: gateway.pid };
    const token = (subject, groups) =>
      new SignJWT({ groups })
        .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
        .setIssuer(issuer)
        .setAudience('cairn-api')
        .setSubject(subject)
        .setExpirationTime('2h')
        .sign(privateKey);
    const admin = await token('root', ['cairn-platform-admins']);
    await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        query: 'mutation { createTeam(input: { slug: "bench", name: "Bench" }) { id } }',
      }),
    });
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: path.join(work, 'config'),
      CAIRN_API_URL: new URL(gatewayUrl).origin,
      CAIRN_TOKEN: await token('pipeline', ['cairn-bench-contributors']),
    };
    const cairn = (...args) =>
      run(
        process.execPath,
        [
          ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
          path.join(root, 'apps/cli/bin/cairn.js'),
          ...args,
          '--json',
        ],
        {
          env,
          maxBuffer: 2 ** 24,
        },
      );

    const source = path.join(work, 'artifact', 'model.bin');
    mkdirSync(path.dirname(source));
    console.log(`writing a ${MIB} MiB artifact…`);
    const digest = await writeArtifact(source);

    const copyTo = path.join(work, 'copy.bin');
    console.log('plain copy…');
    const copy = await timed(() => run('cp', [source, copyTo]));
    rmSync(copyTo);
    // The store syncs what it keeps before it says so; a copy with the same promise, for context.
    console.log('plain copy, synced to disk…');
    const syncedCopy = await timed(() =>
      run('dd', [`if=${source}`, `of=${copyTo}`, 'bs=4M', 'conv=fsync', 'status=none']),
    );
    rmSync(copyTo);
    // The registry must hash every byte it stores once: sha256 on one core bounds any upload.
    console.log('sha256 of the file, in this process…');
    const hashOnly = await timed(async () => {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(source, { highWaterMark: 1 << 20 })) hash.update(chunk);
      hash.digest();
    });
    console.log('bare Node HTTP upload to a file (one hop, no checks)…');
    const sinkDir = path.join(work, 'sink');
    mkdirSync(sinkDir);
    const sink = spawn(process.execPath, [path.join(root, 'bench', 'lib', 'http-sink.mjs'), sinkDir], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    services.children.push(sink);
    const sinkPort = await new Promise((resolve) => sink.once('message', resolve));
    const bareHop = await timed(() => putFile(sinkPort, source));
    rmSync(sinkDir, { recursive: true });

    console.log('cairn register (hash, upload in parts through the gateway, verify, register)…');
    const upload = await timed(
      () => cairn('register', 'bench/large-model', path.dirname(source), '--create-model'),
      watched,
    );
    console.log('plain copy again, then cairn download (stream, verify digest and manifest)…');
    const copyAgain = await timed(() => run('cp', [source, copyTo]));
    const download = await timed(
      () => cairn('download', 'bench/large-model@1', path.join(work, 'download')),
      watched,
    );
    const { stdout } = await run('sha256sum', [path.join(work, 'download', 'model.bin')]);
    if (`sha256:${stdout.split(' ')[0]}` !== digest)
      throw new Error('the download does not match the upload');

    const rate = (s) => Math.round(MIB / s);
    const ratio = (baseline, measured) => Number((baseline.seconds / measured.seconds).toFixed(3));
    const percent = (value) => `${(value * 100).toFixed(1)} %`;
    const report = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      mib: MIB,
      copyMiBps: rate(copy.seconds),
      syncedCopyMiBps: rate(syncedCopy.seconds),
      sha256MiBps: rate(hashOnly.seconds),
      sha256OverCopy: ratio(copy, hashOnly),
      bareHttpHopMiBps: rate(bareHop.seconds),
      uploadMiBps: rate(upload.seconds),
      uploadOverCopy: ratio(copy, upload),
      uploadOverSyncedCopy: ratio(syncedCopy, upload),
      uploadOverBareHttpHop: ratio(bareHop, upload),
      bareHttpHopOverCopy: ratio(copy, bareHop),
      uploadRssGrowthMiB: upload.rssGrowthMiB,
      copyAgainMiBps: rate(copyAgain.seconds),
      downloadMiBps: rate(download.seconds),
      downloadOverCopy: ratio(copyAgain, download),
      downloadRssGrowthMiB: download.rssGrowthMiB,
    };
    console.log(
      `copy ${report.copyMiBps} MiB/s, synced copy ${report.syncedCopyMiBps} MiB/s, sha256 alone ${report.sha256MiBps} MiB/s (${percent(report.sha256OverCopy)} of copy), bare Node HTTP hop ${report.bareHttpHopMiBps} MiB/s (${percent(report.bareHttpHopOverCopy)} of copy)\n` +
        `upload + register: ${report.uploadMiBps} MiB/s = ${percent(report.uploadOverCopy)} of copy (target ≥ 70 %), ` +
        `${percent(report.uploadOverSyncedCopy)} of the synced copy, ${percent(report.uploadOverBareHttpHop)} of the bare hop; ` +
        `RSS growth registry +${upload.rssGrowthMiB.registry} MiB, gateway +${upload.rssGrowthMiB.gateway} MiB\n` +
        `download: ${report.downloadMiBps} MiB/s = ${percent(report.downloadOverCopy)} of copy; ` +
        `RSS growth registry +${download.rssGrowthMiB.registry} MiB, gateway +${download.rssGrowthMiB.gateway} MiB`,
    );
    mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    const file = path.join(root, 'bench', 'results', `artifact-upload-${Date.now()}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`written to ${path.relative(root, file)}`);
  } finally {
    await services.stop();
    jwks.close();
    await postgres.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
