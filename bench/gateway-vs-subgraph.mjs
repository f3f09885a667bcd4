// Measures `modelVersion(id)` through the gateway against the same query sent straight to the
// registry subgraph, side by side in one run, with 100,000 versions in the database.
// Each service runs as its own Node process, as in production: the dev IdP, the registry, governance
// (the gateway asks it for each caller's managed memberships, cached briefly) and the gateway. Usage: npm run bench
// Options (env): BENCH_VERSIONS (100000), BENCH_CONNECTIONS (10), BENCH_SECONDS (20),
// BENCH_PROFILE_DIR (write each service's CPU profile there)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const require = createRequire(import.meta.url);
const {
  asLogin,
  createDatabase,
  ensureServiceLogin,
  freePort,
  startEmbeddedPostgres,
} = require('@cairn/local-services');
const { migrateAll } = require('@cairn/stack');
const { DEV_TOOL_CLIENT } = require('@cairn/dev-idp');
const { InternalTokenSigner, SYSTEM_PRINCIPAL } = require('@cairn/identity');
const { DEV_IDENTITY_PRIVATE_KEY } = require('@cairn/config');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const VERSIONS_PER_MODEL = 100;

const children = [];
function startProcess(name, script, env, readyUrl) {
  // BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of every service there when it stops
  // (open the .cpuprofile files in Chrome DevTools' Performance panel).
  const profile = process.env.BENCH_PROFILE_DIR
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE_DIR)}`,
        `--cpu-prof-name=${name}.cpuprofile`,
      ]
    : [];
  const child = spawn(process.execPath, [...profile, path.join(root, script)], {
    // Development mode: the services accept the published development identity keys.
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  return waitFor(readyUrl, name);
}

async function waitFor(url, name) {
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

async function seed(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const models = Math.ceil(VERSIONS / VERSIONS_PER_MODEL);
  // A benchmark fixture written straight into the registry's tables: 100,000 versions through
  // the API would take minutes and measure the seeding, not the reads.
  await client.query(`INSERT INTO registry.team (slug, name) VALUES ('bench', 'Bench')`);
  await client.query(
    `INSERT INTO registry.model (team_id, name, created_by, version_count, visibility)
     SELECT (SELECT id FROM registry.team), 'bench-model-' || g, 'bench', $2, 'INTERNAL'
       FROM generate_series(1, $1) AS g`,
    [models, VERSIONS_PER_MODEL],
  );
  await client.query(
    `INSERT INTO registry.model_version (model_id, version, hyperparameters, created_by)
     SELECT m.id, v, jsonb_build_object('seed', v), 'bench'
       FROM registry.model m CROSS JOIN generate_series(1, $1) AS v`,
    [VERSIONS_PER_MODEL],
  );
  await client.query('ANALYZE');
  const { rows } = await client.query('SELECT id FROM registry.model_version ORDER BY random() LIMIT 1000');
  await client.end();
  return rows.map((r) => r.id);
}

function run(title, url, headers, ids, seconds = SECONDS) {
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections: CONNECTIONS,
        duration: seconds,
        headers: { 'content-type': 'application/json', ...headers },
        requests: [
          {
            setupRequest: (request) => {
              const id = ids[next++ % ids.length];
              return {
                ...request,
                body: JSON.stringify({ query: `{ modelVersion(id: "${id}") { id version createdAt } }` }),
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ title, result })),
    );
    autocannon.track(instance, {
      renderProgressBar: false,
      renderResultsTable: false,
      renderLatencyTable: false,
    });
  });
}

function summary({ title, result }) {
  return {
    target: title,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    requests: result.requests.total,
  };
}

async function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-'));
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(work, 'pg'),
    port: await freePort(),
    persistent: false,
  });
  try {
    await createDatabase(postgres.adminUrl, 'cairn_bench');
    await ensureServiceLogin(postgres.adminUrl);
    // The owner migrates and seeds; the registry serves as the login that owns nothing.
    const ownerUrl = postgres.urlFor('cairn_bench');
    await migrateAll(ownerUrl);
    console.log(`seeding ${VERSIONS} versions…`);
    const ids = await seed(ownerUrl);
    const databaseUrl = asLogin(ownerUrl);

    const [idpPort, registryPort, governancePort, gatewayPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const issuer = `http://127.0.0.1:${idpPort}`;
    await startProcess(
      'dev-idp',
      'apps/dev-idp/dist/main.js',
      { DEV_IDP_PORT: String(idpPort), DEV_IDP_ISSUER: issuer },
      `${issuer}/healthz`,
    );
    await startProcess(
      'registry',
      'subgraphs/registry/dist/main.js',
      { DATABASE_URL: databaseUrl, REGISTRY_PORT: String(registryPort) },
      `http://127.0.0.1:${registryPort}/readyz`,
    );
    // The gateway asks governance which memberships a caller has in Cairn (cached per caller
    // for CALLER_CACHE_TTL_MS), so governance is part of the measured path.
    await startProcess(
      'governance',
      'subgraphs/governance/dist/main.js',
      { DATABASE_URL: databaseUrl, GOVERNANCE_PORT: String(governancePort) },
      `http://127.0.0.1:${governancePort}/readyz`,
    );
    await startProcess(
      'gateway',
      'apps/gateway/dist/main.js',
      {
        OIDC_ISSUER: issuer,
        GATEWAY_PORT: String(gatewayPort),
        REGISTRY_URL: `http://127.0.0.1:${registryPort}/graphql`,
        GOVERNANCE_URL: `http://127.0.0.1:${governancePort}/graphql`,
      },
      `http://127.0.0.1:${gatewayPort}/healthz`,
    );

    const tokenResponse = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${DEV_TOOL_CLIENT.clientId}:${DEV_TOOL_CLIENT.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const { access_token: accessToken } = await tokenResponse.json();
    const internalToken = await new InternalTokenSigner(DEV_IDENTITY_PRIVATE_KEY, 3600).sign(
      { ...SYSTEM_PRINCIPAL, roles: ['engineer'] },
      'registry',
    );

    const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
    const registryUrl = `http://127.0.0.1:${registryPort}/graphql`;
    const gatewayHeaders = { authorization: `Bearer ${accessToken}` };
    const registryHeaders = { 'x-cairn-identity': internalToken };

    // GraphQL errors come back as HTTP 200: check both targets really answer before timing them.
    for (const [url, headers] of [
      [registryUrl, registryHeaders],
      [gatewayUrl, gatewayHeaders],
    ]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: `{ modelVersion(id: "${ids[0]}") { id version } }` }),
      });
      const body = await response.json();
      if (body.data?.modelVersion?.id !== ids[0])
        throw new Error(`${url} did not answer: ${JSON.stringify(body)}`);
    }

    console.log('warming up…');
    await run('warm-up', registryUrl, registryHeaders, ids, 3);
    await run('warm-up', gatewayUrl, gatewayHeaders, ids, 3);

    console.log(`measuring ${SECONDS}s each at ${CONNECTIONS} connections…`);
    const direct = summary(await run('registry subgraph (direct)', registryUrl, registryHeaders, ids));
    const viaGateway = summary(await run('gateway', gatewayUrl, gatewayHeaders, ids));
    const ratio = viaGateway.requestsPerSecond / direct.requestsPerSecond;
    const report = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      versions: VERSIONS,
      connections: CONNECTIONS,
      seconds: SECONDS,
      results: [direct, viaGateway],
      gatewayThroughputRatio: Number(ratio.toFixed(3)),
      gatewayP99OverDirectP99: Number((viaGateway.p99Ms / direct.p99Ms).toFixed(2)),
    };
    console.table(report.results);
    console.log(
      `gateway/direct throughput: ${(ratio * 100).toFixed(1)} % (target ≥ 60 %); gateway p99 ${viaGateway.p99Ms} ms (target ≤ 15 ms)`,
    );
    mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    const file = path.join(root, 'bench', 'results', `gateway-vs-subgraph-${Date.now()}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`written to ${path.relative(root, file)}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await postgres.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
});
