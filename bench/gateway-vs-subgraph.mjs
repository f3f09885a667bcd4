// Measures `modelVersion(id)` through the gateway against the same query sent straight to the
// registry subgraph, side by side in one run, with 100,000 versions in the database.
// Each service runs as its own Node process, as in production: the dev IdP, the registry, governance
// (the gateway asks it for each caller's managed memberships, cached briefly) and the gateway.
// Two phases, each over both targets: as fast as 10 connections go (throughput), and a fixed
// arrival rate well below saturation (the latency the gateway adds). Two references run in the
// throughput phase: a bare Node hop, and a second gateway with SINGLE_SUBGRAPH_ROUTE=false (every
// request through Apollo's pipeline, as before that route existed). Each phase reports the CPU
// time every process spent per request, read from /proc. Usage: npm run bench
// Options (env): BENCH_VERSIONS (100000), BENCH_CONNECTIONS (10), BENCH_SECONDS (20),
// BENCH_RATE (500 req/s), BENCH_RATE_SECONDS (10), BENCH_ROUNDS (4 interleaved segments per target),
// BENCH_PROFILE_DIR (profile mode: CPU profiles of the services during each measured run)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { profiled } from './lib/cpu-profiler.mjs';
import { cpuMeter, machineMeter } from './lib/process-cpu.mjs';
import { GATEWAY_NODE_FLAGS, root, serviceGroup } from './lib/services.mjs';

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
const { InternalTokenSigner } = require('@cairn/identity');
const { DEV_IDENTITY_PRIVATE_KEY } = require('@cairn/config');

const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 10);
/** Each phase alternates its targets in this many segments (see measureInterleaved). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ? path.resolve(process.env.BENCH_PROFILE_DIR) : undefined;
const VERSIONS_PER_MODEL = 100;
/**
 * One document with the id as a variable, the way the SDK, the CLI and the portal ask; the
 * gateway and the subgraph each parse, validate and plan it once.
 */
const VERSION_QUERY = 'query Version($id: ID!) { modelVersion(id: $id) { id version createdAt } }';
/** Inspector ports of the profiled services, in profile mode. */
const inspectPorts = {};
const services = serviceGroup({
  inspectPort: async (name) => {
    if (!PROFILE_DIR || name === 'dev-idp') return undefined;
    inspectPorts[name] = await freePort();
    return inspectPorts[name];
  },
});
const { children } = services;
const startProcess = services.start;

/** The principal the gateway signs for the caller of `accessToken`, read back through `me`. */
async function forwardedPrincipal(gatewayUrl, accessToken) {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({
      query:
        '{ me { subject kind email name orgRoles memberships { team role approver } scopes client { kind id } } }',
    }),
  });
  const { data, errors } = await response.json();
  if (!data?.me) throw new Error(`the gateway did not answer me: ${JSON.stringify(errors)}`);
  const { me } = data;
  const lower = (value) => value.toLowerCase().replaceAll('_', '-');
  return {
    subject: me.subject,
    kind: me.kind,
    email: me.email ?? undefined,
    name: me.name ?? undefined,
    orgRoles: me.orgRoles.map(lower),
    memberships: me.memberships.map((m) => ({ team: m.team, role: lower(m.role), approver: m.approver })),
    scopes: me.scopes.map(lower),
    client: me.client ?? undefined,
  };
}

const registryUrlFor = (port) => `http://127.0.0.1:${port}/graphql`;

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

function run(title, url, headers, ids, { seconds = SECONDS, rate } = {}) {
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections: CONNECTIONS,
        duration: seconds,
        ...(rate ? { overallRate: rate } : {}),
        headers: { 'content-type': 'application/json', ...headers },
        requests: [
          {
            setupRequest: (request) => {
              const id = ids[next++ % ids.length];
              return {
                ...request,
                body: JSON.stringify({ query: VERSION_QUERY, operationName: 'Version', variables: { id } }),
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

function summary({ title, result }, phase, cpuMicrosPerRequest) {
  return {
    target: title,
    phase,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    requests: result.requests.total,
    cpuMicrosPerRequest,
  };
}

/** One measured run, with the CPU every process spent on it, profiled in profile mode. */
async function measure(processes, phase, target, runIt) {
  const meter = cpuMeter(processes);
  const machine = machineMeter();
  const outcome = PROFILE_DIR
    ? await profiled(PROFILE_DIR, `${phase}-${target.slug}`, inspectPorts, runIt)
    : await runIt();
  return {
    ...summary(outcome, phase, meter(outcome.result.requests.total)),
    machineBusyPercent: machine().busyPercent,
  };
}

/**
 * Measures the targets in `rounds` alternating segments (A B C D A B C D …) instead of one long
 * run each, so a change in what else the host is doing falls on every target alike rather than
 * on whichever ran during it. Per target: requests and seconds summed, CPU per request and the
 * latency percentiles weighted by each segment's requests (an approximation for percentiles),
 * the machine's busy share averaged. In profile mode each segment is profiled; the last round's
 * profiles are kept.
 */
async function measureInterleaved(processes, phase, targets, runFor, seconds) {
  const segments = new Map(targets.map((target) => [target.slug, []]));
  const each = Math.max(1, Math.round(seconds / ROUNDS));
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets) {
      segments.get(target.slug).push(await measure(processes, phase, target, () => runFor(target, each)));
    }
  }
  return targets.map((target) => {
    const parts = segments.get(target.slug);
    const requests = parts.reduce((sum, part) => sum + part.requests, 0);
    const weighted = (value) =>
      requests === 0 ? 0 : parts.reduce((sum, part) => sum + value(part) * part.requests, 0) / requests;
    const cpuMicrosPerRequest = Object.fromEntries(
      Object.keys(parts[0].cpuMicrosPerRequest).map((name) => [
        name,
        Math.round(weighted((part) => part.cpuMicrosPerRequest[name])),
      ]),
    );
    return {
      target: target.title,
      phase,
      requestsPerSecond: Math.round(requests / (each * parts.length)),
      p50Ms: Number(weighted((part) => part.p50Ms).toFixed(1)),
      p99Ms: Number(weighted((part) => part.p99Ms).toFixed(1)),
      errors: parts.reduce((sum, part) => sum + part.errors, 0),
      requests,
      cpuMicrosPerRequest,
      machineBusyPercent: Math.round(
        parts.reduce((sum, part) => sum + part.machineBusyPercent, 0) / parts.length,
      ),
    };
  });
}

async function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-'));
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
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

    const [idpPort, registryPort, governancePort, gatewayPort, pipelineGatewayPort] = [
      await freePort(),
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
    const registry = await startProcess(
      'registry',
      'subgraphs/registry/dist/main.js',
      { DATABASE_URL: databaseUrl, REGISTRY_PORT: String(registryPort) },
      `http://127.0.0.1:${registryPort}/readyz`,
    );
    // The gateway asks governance which memberships a caller has in Cairn (cached per caller
    // for CALLER_CACHE_TTL_MS), so governance is part of the measured path.
    const governance = await startProcess(
      'governance',
      'subgraphs/governance/dist/main.js',
      { DATABASE_URL: databaseUrl, GOVERNANCE_PORT: String(governancePort) },
      `http://127.0.0.1:${governancePort}/readyz`,
    );
    const startGateway = (name, port, env = {}) =>
      startProcess(
        name,
        'apps/gateway/dist/main.js',
        {
          OIDC_ISSUER: issuer,
          GATEWAY_PORT: String(port),
          REGISTRY_URL: `http://127.0.0.1:${registryPort}/graphql`,
          GOVERNANCE_URL: `http://127.0.0.1:${governancePort}/graphql`,
          ...env,
        },
        `http://127.0.0.1:${port}/healthz`,
        GATEWAY_NODE_FLAGS,
      );
    const gateway = await startGateway('gateway', gatewayPort);
    // The same gateway with every request through Apollo's pipeline, as before the
    // single-subgraph route: the baseline for what the route saves, measured in the same run.
    const pipelineGateway = await startGateway('gateway-pipeline', pipelineGatewayPort, {
      SINGLE_SUBGRAPH_ROUTE: 'false',
    });

    const tokenResponse = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${DEV_TOOL_CLIENT.clientId}:${DEV_TOOL_CLIENT.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const { access_token: accessToken } = await tokenResponse.json();
    // The direct target gets the very identity the gateway forwards for this caller (as `me`
    // reports it), so both targets do the same authorisation work in the registry.
    const internalToken = await new InternalTokenSigner(DEV_IDENTITY_PRIVATE_KEY, 3600).sign(
      await forwardedPrincipal(`http://127.0.0.1:${gatewayPort}/graphql`, accessToken),
      'registry',
    );

    const hopPort = await freePort();
    const hop = spawn(
      process.execPath,
      [
        path.join(root, 'bench', 'lib', 'bare-hop.mjs'),
        registryUrlFor(registryPort),
        internalToken,
        String(hopPort),
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    children.push(hop);
    await new Promise((resolve) => hop.once('message', resolve));
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
    const pipelineGatewayUrl = `http://127.0.0.1:${pipelineGatewayPort}/graphql`;
    const registryUrl = `http://127.0.0.1:${registryPort}/graphql`;
    const gatewayHeaders = { authorization: `Bearer ${accessToken}` };
    const registryHeaders = { 'x-cairn-identity': internalToken };

    // GraphQL errors come back as HTTP 200: check both targets really answer before timing them.
    for (const [url, headers] of [
      [registryUrl, registryHeaders],
      [gatewayUrl, gatewayHeaders],
      [pipelineGatewayUrl, gatewayHeaders],
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
    await run('warm-up', registryUrl, registryHeaders, ids, { seconds: 3 });
    await run('warm-up', gatewayUrl, gatewayHeaders, ids, { seconds: 3 });
    await run('warm-up', pipelineGatewayUrl, gatewayHeaders, ids, { seconds: 3 });

    const processes = [
      { name: 'gateway', pid: gateway.pid },
      { name: 'gateway (pipeline)', pid: pipelineGateway.pid },
      { name: 'registry', pid: registry.pid },
      { name: 'governance', pid: governance.pid },
      { name: 'bare hop', pid: hop.pid },
      // The load generator runs in this process.
      { name: 'autocannon', pid: process.pid },
      // The postmaster's first line is its pid; backends are its children.
      {
        name: 'postgres',
        pid: Number(readFileSync(path.join(work, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]),
        tree: true,
      },
    ];
    const targets = [
      { slug: 'direct', title: 'registry subgraph (direct)', url: registryUrl, headers: registryHeaders },
      { slug: 'gateway', title: 'gateway', url: gatewayUrl, headers: gatewayHeaders },
    ];
    // Throughput only: the floor any gateway stands on (see bench/lib/bare-hop.mjs), and the
    // gateway without its single-subgraph route.
    const floor = {
      slug: 'bare-hop',
      title: 'bare Node hop (reference)',
      url: `http://127.0.0.1:${hopPort}/`,
      headers: {},
    };
    const pipelineOnly = {
      slug: 'gateway-pipeline',
      title: 'gateway, pipeline only (ref.)',
      url: pipelineGatewayUrl,
      headers: gatewayHeaders,
    };
    console.log(
      `throughput: ${SECONDS}s each at ${CONNECTIONS} connections, in ${ROUNDS} interleaved rounds…`,
    );
    const [direct, viaGateway, bareHop, viaPipeline] = await measureInterleaved(
      processes,
      'throughput',
      [...targets, floor, pipelineOnly],
      (target, seconds) => run(target.title, target.url, target.headers, ids, { seconds }),
      SECONDS,
    );
    console.log(`fixed rate: ${RATE_SECONDS}s each at ${RATE} req/s, in ${ROUNDS} interleaved rounds…`);
    const [directAtRate, gatewayAtRate] = await measureInterleaved(
      processes,
      `rate-${RATE}`,
      targets,
      (target, seconds) => run(target.title, target.url, target.headers, ids, { seconds, rate: RATE }),
      RATE_SECONDS,
    );
    const results = [direct, viaGateway, bareHop, viaPipeline, directAtRate, gatewayAtRate];
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
      rate: RATE,
      results,
      gatewayThroughputRatio: Number(ratio.toFixed(3)),
      bareHopThroughputRatio: Number((bareHop.requestsPerSecond / direct.requestsPerSecond).toFixed(3)),
      pipelineOnlyThroughputRatio: Number(
        (viaPipeline.requestsPerSecond / direct.requestsPerSecond).toFixed(3),
      ),
      gatewayP99OverDirectP99: Number((viaGateway.p99Ms / direct.p99Ms).toFixed(2)),
      gatewayP50AddedAtRateMs: Number((gatewayAtRate.p50Ms - directAtRate.p50Ms).toFixed(1)),
    };
    for (const row of results) {
      const cpu = Object.entries(row.cpuMicrosPerRequest)
        .filter(([, us]) => us > 0)
        .map(([name, us]) => `${name} ${us}`)
        .join(', ');
      console.log(
        `${row.phase.padEnd(10)} ${row.target.padEnd(28)} ${String(row.requestsPerSecond).padStart(5)} req/s  ` +
          `p50 ${row.p50Ms} ms  p99 ${row.p99Ms} ms  errors ${row.errors}  machine ${row.machineBusyPercent} % busy  µs/req: ${cpu}`,
      );
    }
    console.log(
      `gateway/direct throughput: ${(ratio * 100).toFixed(1)} % (target ≥ 72 %; a bare Node hop: ${(report.bareHopThroughputRatio * 100).toFixed(1)} %; ` +
        `the gateway without its single-subgraph route: ${(report.pipelineOnlyThroughputRatio * 100).toFixed(1)} %); ` +
        `at ${RATE} req/s the gateway adds ${report.gatewayP50AddedAtRateMs} ms to the p50 (target ≤ 3 ms)`,
    );
    if (PROFILE_DIR) console.log(`CPU profiles written to ${PROFILE_DIR}`);
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
