import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { DEV_IDENTITY_PRIVATE_KEY, gatewaySchema } from '@cairn/config';
import { DEV_TOOL_CLIENT } from '@cairn/dev-idp';
import { startGateway } from '@cairn/gateway';
import { createServiceLogger } from '@cairn/http-server';
import { INTERNAL_IDENTITY_HEADER, InternalTokenSigner, SYSTEM_PRINCIPAL } from '@cairn/identity';
import { migrateAll, type RunningStack, startStack } from '@cairn/stack';
import { clientCredentialsToken, createTestDatabase, postGraphQL } from '@cairn/testing';
import { type IntrospectionQuery } from 'graphql';
import { SignJWT } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTROSPECTION_QUERY, malformedArgumentCorpus } from './malformed-corpus';

let stack: RunningStack;
let token: string;

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } = {};
  try {
    json = JSON.parse(text);
  } catch {
    // asserted by the callers: every answer must be JSON
  }
  return { status: response.status, headers: response.headers, text, ...json };
}

/** A gateway of its own over the stack's subgraphs, with settings a test needs. */
async function extraGateway(env: Record<string, string>, logger = pino({ level: 'silent' })) {
  const config = gatewaySchema.parse({
    NODE_ENV: 'test',
    GATEWAY_PORT: '0',
    OIDC_ISSUER: stack.issuer,
    REGISTRY_URL: stack.subgraphUrls.registry,
    LINEAGE_URL: stack.subgraphUrls.lineage,
    GOVERNANCE_URL: stack.subgraphUrls.governance,
    METRICS_URL: stack.subgraphUrls.metrics,
    ...env,
  });
  const gateway = await startGateway(config, { logger });
  afterAll(() => gateway.close());
  return gateway;
}

beforeAll(async () => {
  const db = await createTestDatabase();
  await migrateAll(db.url);
  stack = await startStack({
    databaseUrl: db.url,
    // The corpus sends more than a minute's allowance from one caller; the rate limit has its own
    // test below, on a gateway of its own.
    env: { NODE_ENV: 'test', EVENT_POLL_INTERVAL_MS: '100', RATE_LIMIT_PER_MINUTE: '0' },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  token = await clientCredentialsToken(stack.issuer, DEV_TOOL_CLIENT);
}, 120_000);

afterAll(() => stack?.stop());

const LEAKS =
  /QueryFailedError|violates|syntax error at|node_modules|\.ts:\d+|SELECT |INSERT |relation "|at async/;
const INTERNAL = 'INTERNAL_SERVER_ERROR';

describe('a malformed-argument corpus against every query and mutation', () => {
  it('gets only typed errors: no HTTP 5xx, no INTERNAL_SERVER_ERROR, no leaked SQL or stack text', async () => {
    const introspection = await post(stack.gatewayUrl, { query: INTROSPECTION_QUERY });
    const corpus = malformedArgumentCorpus(introspection.data as IntrospectionQuery);
    expect(corpus.length).toBeGreaterThan(250);
    const failures: string[] = [];
    for (const testCase of corpus) {
      const result = await post(stack.gatewayUrl, { query: testCase.query, variables: testCase.variables });
      const codes = (result.errors ?? []).map((e) => e.extensions?.code);
      if (result.status >= 500) failures.push(`${testCase.name}: HTTP ${result.status}`);
      if (!result.data && !result.errors)
        failures.push(`${testCase.name}: not a GraphQL answer: ${result.text.slice(0, 80)}`);
      if (codes.some((code) => typeof code !== 'string' || code === INTERNAL)) {
        failures.push(
          `${testCase.name}: ${JSON.stringify(result.errors?.map((e) => [e.extensions?.code, e.message]))}`,
        );
      }
      if (LEAKS.test(result.text)) failures.push(`${testCase.name}: leaks ${result.text.match(LEAKS)?.[0]}`);
    }
    expect(failures).toEqual([]);
    const still = await post(stack.gatewayUrl, { query: '{ teams { edges { node { slug } } } }' });
    expect(still.status).toBe(200);
  }, 300_000);

  it('answers variable coercion errors with HTTP 400 and BAD_USER_INPUT', async () => {
    const query = 'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }';
    for (const i of [null, 'a string', { team: 'x', name: 1, unknown: true }]) {
      const result = await post(stack.gatewayUrl, { query, variables: { i } });
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const stage = await post(stack.gatewayUrl, {
      query: 'mutation($i: TransitionStageInput!) { transitionStage(input: $i) { id } }',
      variables: { i: { modelVersionId: 'x', to: 'NOWHERE' } },
    });
    expect(stage.status).toBe(400);
    expect(stage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('passes on what only a subgraph rejects as the subgraph’s typed error', async () => {
    const result = await post(stack.gatewayUrl, {
      query: 'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
      variables: { i: { modelId: '7b2e4c1e-4a0e-4b7c-9d43-2f4b8c6a1e90', hyperparameters: 'not an object' } },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).not.toMatch(/400: Bad Request/);
  });
});

describe('importing a version', () => {
  it('refuses a bundle manifest that is not one, or not the one exported, as BAD_USER_INPUT', async () => {
    const query = 'mutation($i: ImportModelVersionInput!) { importModelVersion(input: $i) { id } }';
    const importedFrom = {
      instance: 'https://other.cairn.example',
      versionId: 'v-1',
      manifestDigest: `sha256:${'a'.repeat(64)}`,
      exportedAt: '2026-11-01T10:00:00Z',
    };
    const modelId = '7b2e4c1e-4a0e-4b7c-9d43-2f4b8c6a1e90';
    for (const bundleManifest of [
      '{',
      '[]',
      JSON.stringify({
        schemaVersion: 1,
        model: { team: 't', name: 'm' },
        version: 1,
        files: [{ path: '../x', sha256: 'b'.repeat(64), size: 1 }],
        provenance: {},
      }),
      JSON.stringify({
        schemaVersion: 1,
        model: { team: 't', name: 'm' },
        version: 1,
        files: [],
        provenance: {},
      }),
      'x'.repeat(100_000),
    ]) {
      const result = await post(stack.gatewayUrl, {
        query,
        variables: { i: { modelId, bundleManifest, importedFrom } },
      });
      expect(result.errors?.[0]?.extensions?.code, bundleManifest.slice(0, 80)).toBe('BAD_USER_INPUT');
      expect(result.text).not.toMatch(LEAKS);
    }
    const badDate = await post(stack.gatewayUrl, {
      query,
      variables: {
        i: { modelId, bundleManifest: '{}', importedFrom: { ...importedFrom, exportedAt: 'yesterday' } },
      },
    });
    expect(badDate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('operation limits', () => {
  it('refuses 2,000 aliases of one field', async () => {
    const aliases = Array.from({ length: 2000 }, (_, i) => `a${i}: __typename`).join(' ');
    const result = await post(stack.gatewayUrl, { query: `{ ${aliases} }` });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).toMatch(/aliases/i);
  });

  it('counts introspection in the depth limit', async () => {
    const nested = (levels: number): string => (levels === 0 ? 'name' : `ofType { ${nested(levels - 1)} }`);
    const result = await post(stack.gatewayUrl, {
      query: `{ __schema { types { fields { type { ${nested(12)} } } } } }`,
    });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('clamps page sizes in the cost estimate, so a negative `first` cannot pay for a sibling', async () => {
    const costly =
      '{ cheap: models(first: -1000000) { totalCount } models(first: 100) { edges { node { versions(first: 20) { edges { node { metrics { edges { node { name } } } stageHistory { edges { node { to } } } } } } } } } }';
    const result = await post(stack.gatewayUrl, { query: costly });
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses too many directives', async () => {
    const directives = Array.from({ length: 50 }, () => '@include(if: true)').join(' ');
    const result = await post(stack.gatewayUrl, { query: `{ __typename ${directives} }` });
    expect(result.status).toBe(400);
  });

  it('answers a body that is too large with 413 and one that is not JSON with 400, both typed', async () => {
    const large = await post(stack.gatewayUrl, { query: `{ __typename } #${'x'.repeat(300 * 1024)}` });
    expect(large.status).toBe(413);
    expect(large.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    const broken = await post(stack.gatewayUrl, '{"query": ');
    expect(broken.status).toBe(400);
    expect(broken.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('refuses batched operations', async () => {
    const batch = await post(stack.gatewayUrl, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(batch.status).toBe(400);
    expect(batch.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('limits requests per identity with 429 and Retry-After', async () => {
    const gateway = await extraGateway({ RATE_LIMIT_PER_MINUTE: '5' });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 7; i++) {
      last = await post(gateway.url, { query: '{ __typename }' });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(last!.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('failures between the gateway and a subgraph', () => {
  let silent: Server;
  let silentPort: number;
  const hung: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never answers: a hung subgraph.
    silent = createServer((socket) => hung.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of hung) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('answers SUBGRAPH_TIMEOUT when a subgraph does not answer in time', async () => {
    const gateway = await extraGateway({
      REGISTRY_URL: `http://127.0.0.1:${silentPort}/graphql`,
      SUBGRAPH_TIMEOUT_MS: '300',
    });
    const result = await post(gateway.url, { query: '{ teams { edges { node { slug } } } }' });
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_TIMEOUT');
  });

  it('answers SUBGRAPH_UNAVAILABLE when a subgraph cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const gateway = await extraGateway({ REGISTRY_URL: `http://127.0.0.1:${port}/graphql` });
    const result = await post(gateway.url, { query: '{ teams { edges { node { slug } } } }' });
    expect(result.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(result.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });
});

describe('identity tokens between the gateway and the subgraphs', () => {
  const principal = SYSTEM_PRINCIPAL;
  const query = { query: '{ teams { edges { node { slug } } } }' };

  async function direct(subgraphUrl: string, identity: string) {
    return postGraphQL(subgraphUrl, query, { [INTERNAL_IDENTITY_HEADER]: identity });
  }

  it('accept a token the gateway key signed for that subgraph', async () => {
    const signed = await new InternalTokenSigner(DEV_IDENTITY_PRIVATE_KEY, 60).sign(principal, 'registry');
    expect((await direct(stack.subgraphUrls.registry, signed)).status).toBe(200);
  });

  it('refuse a token for another subgraph, a forged one, an expired one and a shared-secret one', async () => {
    const forLineage = await new InternalTokenSigner(DEV_IDENTITY_PRIVATE_KEY, 60).sign(principal, 'lineage');
    const otherKey = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const forged = await new InternalTokenSigner(otherKey, 60).sign(principal, 'registry');
    const { privateKey } = generateKeyPairSync('ed25519');
    const expired = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer('cairn-gateway')
      .setAudience('cairn-subgraph:registry')
      .setSubject('system')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(privateKey);
    const hs256 = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('cairn-gateway')
      .setAudience('cairn-subgraphs')
      .setSubject('system')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode('cairn-dev-internal-identity-secret-change-me'));
    for (const identity of [forLineage, forged, expired, hs256, 'garbage']) {
      const result = await direct(stack.subgraphUrls.registry, identity);
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('secrets in logs', () => {
  it('never writes the bearer token or the identity token to a log line', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const gateway = await extraGateway({ LOG_LEVEL: 'debug' }, createServiceLogger('gateway', 'debug', sink));
    await post(
      gateway.url,
      { query: '{ teams { edges { node { slug } } } }' },
      { cookie: 'session=secret-cookie' },
    );
    // The request line names the request, not its headers; were headers ever logged, the
    // redaction rules apply, as the last line shows.
    const logger = createServiceLogger('gateway', 'debug', sink);
    logger.info({ req: { headers: { authorization: `Bearer ${token}`, cookie: 'session=secret-cookie' } } });
    const log = lines.join('');
    expect(log).toMatch(/"path":"\/graphql","status":200,.*"msg":"request completed"/);
    expect(log).toContain('"authorization":"[redacted]"');
    expect(log).not.toContain(token);
    expect(log).not.toContain(token.split('.')[2]!);
    expect(log).not.toContain('secret-cookie');
  });
});

describe('production mode', () => {
  it('turns introspection off', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const gateway = await extraGateway({
      NODE_ENV: 'production',
      CAIRN_IDENTITY_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    const result = await post(gateway.url, { query: '{ __schema { types { name } } }' });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/introspection/i);
  });
});
