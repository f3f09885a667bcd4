import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gatewaySchema } from '@cairn/config';
import { startTestIssuer, type TestIssuer } from '@cairn/testing';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../src/gateway';
import {
  closeServer,
  generatedBytes,
  jsonError,
  listen,
  type RegistryBehaviour,
  receivePart,
  send,
  serveFile,
  startStandInGovernance,
  startStandInRegistry,
  type Upload,
} from './artifact-stand-ins';

/**
 * The gateway's artifact routes, end to end through a real gateway: callers are authenticated
 * before anything reaches the registry (here a stand-in speaking the registry's HTTP contract),
 * bytes stream through both ways, refusals keep their codes and every transfer is logged.
 */
let issuer: TestIssuer;
let registry: Awaited<ReturnType<typeof startStandInRegistry>>;
let governance: Awaited<ReturnType<typeof startStandInGovernance>>;
let gateway: RunningGateway;
let origin: string;
let behaviour: RegistryBehaviour;
let uploads: Upload[];
let token: string;

const SESSION = randomUUID();
const VERSION = randomUUID();
const FILE = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
const ETAG = '"sha256:0123abcd"';
const FILE_PATH = `/artifacts/versions/${VERSION}/files/weights/model%20v1.bin`;

function gatewayConfig(registryUrl: string, overrides: Record<string, string> = {}) {
  return gatewaySchema.parse({
    NODE_ENV: 'test',
    GATEWAY_PORT: '0',
    OIDC_ISSUER: issuer.issuer,
    OIDC_JWKS_URI: issuer.jwksUri,
    REGISTRY_URL: registryUrl,
    GOVERNANCE_URL: governance.url,
    ACCESS_LOG_FLUSH_INTERVAL_MS: '20',
    SUBGRAPH_TIMEOUT_MS: '1000',
    ...overrides,
  });
}

const bearer = () => ({ authorization: `Bearer ${token}` });
const codeOf = (answer: { body: Buffer }) =>
  (JSON.parse(answer.body.toString()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions
    .code;

async function entryFor(requestId: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const entry = governance.entries.find((e) => e.requestId === requestId);
    if (entry) return entry;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no access-log entry for ${requestId}`);
}

async function until(check: () => boolean, what: string) {
  for (let attempt = 0; attempt < 250; attempt++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  issuer = await startTestIssuer();
  governance = await startStandInGovernance();
  registry = await startStandInRegistry(() => behaviour);
  gateway = await startGateway(gatewayConfig(`${registry.origin}/graphql`), {
    logger: pino({ level: 'silent' }),
  });
  origin = new URL(gateway.url).origin;
  token = await issuer.token('mia', ['cairn-fraud-detection-maintainers']);
});

afterAll(async () => {
  await gateway?.close();
  await registry?.close();
  await governance?.close();
  await issuer?.close();
});

beforeEach(() => {
  uploads = [];
  behaviour = (_req, res) => jsonError(res, 500, 'INTERNAL_SERVER_ERROR');
  registry.hits.length = 0;
});

describe('refusals before the registry', () => {
  it.each([
    ['no credential', {}],
    ['a token that does not verify', { authorization: 'Bearer not-a-token' }],
  ])('answers 401 with %s, forwards nothing and logs the attempt', async (_name, headers) => {
    const requestId = `artifact-401-${randomUUID()}`;
    for (const [method, path] of [
      ['PUT', `/artifacts/uploads/${SESSION}/parts/1`],
      ['GET', FILE_PATH],
    ] as const) {
      const answer = await send(origin, method, path, {
        headers: { ...headers, 'x-request-id': `${requestId}-${method}`, 'content-length': '5' },
        body: method === 'PUT' ? Buffer.from('bytes') : undefined,
      });
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer');
      expect(codeOf(answer)).toBe('UNAUTHENTICATED');
    }
    expect(registry.hits).toEqual([]);
    expect(await entryFor(`${requestId}-PUT`)).toMatchObject({
      subject: null,
      operationType: 'mutation',
      rootFields: ['artifactUploadPart'],
      outcome: 'UNAUTHENTICATED',
    });
  });

  it.each([
    ['PUT', '/artifacts/uploads/not-a-uuid/parts/1'],
    ['PUT', `/artifacts/uploads/${SESSION}/parts/0`],
    ['PUT', `/artifacts/uploads/${SESSION}/parts/10001`],
    ['PUT', `/artifacts/uploads/${SESSION}/parts/01`],
    ['PUT', `/artifacts/uploads/${SESSION}/parts/1.5`],
    ['GET', '/artifacts/versions/42/files/model.bin'],
    ['GET', `/artifacts/versions/${VERSION}/files`],
    ['GET', `/artifacts/versions/${VERSION}/files/`],
    ['GET', `/artifacts/versions/${VERSION}/files/weights/../../secrets`],
    ['GET', `/artifacts/versions/${VERSION}/files/%2E%2E/x`],
    ['GET', `/artifacts/versions/${VERSION}/files/a%2F..%2Fb`],
    ['HEAD', `/artifacts/versions/${VERSION}/files/a//b`],
    ['GET', `/artifacts/versions/${VERSION}/files/bad%zzescape`],
    ['GET', `/artifacts/versions/${VERSION}/files/${'x'.repeat(1025)}`],
  ])('answers %s %s with 400 BAD_USER_INPUT and forwards nothing', async (method, path) => {
    const answer = await send(origin, method, path, {
      headers: { ...bearer(), 'content-length': '0' },
    });
    expect(answer.status).toBe(400);
    if (method !== 'HEAD') expect(codeOf(answer)).toBe('BAD_USER_INPUT');
    expect(registry.hits).toEqual([]);
  });

  it('needs a content-length on an upload part, and no other method than PUT', async () => {
    const chunked = await send(origin, 'PUT', `/artifacts/uploads/${SESSION}/parts/1`, {
      headers: { ...bearer(), 'transfer-encoding': 'chunked' },
      body: Buffer.from('abc'),
    });
    expect(chunked.status).toBe(411);
    const posted = await send(origin, 'POST', `/artifacts/uploads/${SESSION}/parts/1`, { headers: bearer() });
    expect(posted.status).toBe(405);
    expect(posted.headers.allow).toBe('PUT');
    expect(registry.hits).toEqual([]);
  });
});

describe('uploads', () => {
  it('streams a 64 MiB part to the registry without holding it', async () => {
    behaviour = receivePart(uploads);
    const size = 64 * 1024 * 1024;
    const bytes = generatedBytes(size);
    // Collecting as it samples, so the peak is memory held, not garbage not yet collected.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      gc();
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 50);
    let sentAt = 0;
    bytes.stream.once('end', () => (sentAt = Date.now()));
    const requestId = `artifact-upload-${randomUUID()}`;
    const answer = await send(origin, 'PUT', `/artifacts/uploads/${SESSION.toUpperCase()}/parts/7`, {
      headers: { ...bearer(), 'content-length': String(size), 'x-request-id': requestId },
      body: bytes.stream,
    }).finally(() => clearInterval(sampler));

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString())).toEqual({ partNumber: 7, size });
    const [upload] = uploads;
    expect(upload).toMatchObject({ bytes: size, sha256: bytes.sha256(), aborted: false });
    expect(upload!.url).toBe(`/artifacts/uploads/${SESSION}/parts/7`);
    expect(upload!.principal.subject).toBe('mia');
    expect(upload!.headers).toMatchObject({
      'content-length': String(size),
      'content-type': 'application/octet-stream',
      'x-request-id': requestId,
    });
    // Streamed: the registry had bytes long before the client finished sending them.
    expect(upload!.firstByteAt).toBeLessThan(sentAt);
    expect(rssPeak - rssBefore).toBeLessThan(size / 4);
    expect(await entryFor(requestId)).toMatchObject({
      subject: 'mia',
      operationType: 'mutation',
      operationName: `PUT /artifacts/uploads/${SESSION.toUpperCase()}/parts/7`,
      rootFields: ['artifactUploadPart'],
      outcome: 'OK',
      errorCodes: [],
    });
  });

  it('refuses a large unauthenticated part without reading it all', async () => {
    const size = 64 * 1024 * 1024;
    const bytes = generatedBytes(size);
    const answer = await send(origin, 'PUT', `/artifacts/uploads/${SESSION}/parts/9`, {
      headers: { 'content-length': String(size) },
      body: bytes.stream,
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.connection).toBe('close');
    expect(bytes.produced()).toBeLessThan(size);
    expect(registry.hits).toEqual([]);
  });

  it('holds the client back while the registry is not reading', async () => {
    let release: (() => void) | null = null;
    let received = 0;
    behaviour = (req, res) => {
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= 4 * 1024 * 1024 && !release) {
          req.pause();
          release = () => req.resume();
        }
      });
      req.on('end', () => jsonError(res, 409, 'CONFLICT'));
    };
    const size = 64 * 1024 * 1024;
    const bytes = generatedBytes(size);
    const sending = send(origin, 'PUT', `/artifacts/uploads/${SESSION}/parts/8`, {
      headers: { ...bearer(), 'content-length': String(size) },
      body: bytes.stream,
    });
    await until(() => received >= 4 * 1024 * 1024, 'the registry to read 4 MiB');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Only socket buffers lie between the two (four of them, each autotuned to a few MiB on
    // loopback): a gateway that buffered would have taken all 64 MiB by now.
    expect(bytes.produced() - received).toBeLessThan(size / 2);
    release!();
    expect((await sending).status).toBe(409);
    expect(received).toBe(size);
  });

  it('aborts the registry request when the client hangs up mid-part', async () => {
    behaviour = receivePart(uploads);
    const requestId = `artifact-abort-${randomUUID()}`;
    const { hostname, port } = new URL(origin);
    const req = httpRequest({
      host: hostname,
      port,
      method: 'PUT',
      path: `/artifacts/uploads/${SESSION}/parts/2`,
      headers: { ...bearer(), 'content-length': String(8 * 1024 * 1024), 'x-request-id': requestId },
      agent: false,
    });
    req.on('error', () => {});
    req.write(Buffer.alloc(1024 * 1024));
    await until(() => (uploads[0]?.bytes ?? 0) > 0, 'the registry to receive bytes');
    req.destroy();
    await until(() => uploads[0]?.aborted === true, 'the registry request to be aborted');
    expect(uploads[0]!.bytes).toBeLessThan(8 * 1024 * 1024);
    expect((await entryFor(requestId)).outcome).toBe('CLIENT_CLOSED_REQUEST');
  });

  it.each([
    [409, 'CONFLICT', true],
    [412, 'FAILED_PRECONDITION', true],
    [413, 'PAYLOAD_TOO_LARGE', false],
    [404, 'NOT_FOUND', false],
  ])('passes a registry %i on with its code %s', async (status, code, asJson) => {
    behaviour = (req, res) => {
      req.resume();
      if (asJson) jsonError(res, status, code);
      else res.writeHead(status).end('refused');
    };
    const requestId = `artifact-refused-${randomUUID()}`;
    const answer = await send(origin, 'PUT', `/artifacts/uploads/${SESSION}/parts/3`, {
      headers: { ...bearer(), 'content-length': '3', 'x-request-id': requestId },
      body: Buffer.from('abc'),
    });
    expect(answer.status).toBe(status);
    expect(codeOf(answer)).toBe(code);
    expect(await entryFor(requestId)).toMatchObject({ outcome: code, errorCodes: [code] });
  });
});

describe('downloads', () => {
  beforeEach(() => {
    behaviour = (req, res, hit) => {
      if (hit.url !== `/artifacts/versions/${VERSION}/files/weights/model%20v1.bin`) {
        return jsonError(res, 404, 'NOT_FOUND');
      }
      serveFile(FILE, ETAG)(req, res, hit);
    };
  });

  it('streams the whole file with the registry headers, and logs the download', async () => {
    const requestId = `artifact-get-${randomUUID()}`;
    const answer = await send(origin, 'GET', FILE_PATH, {
      headers: { ...bearer(), 'x-request-id': requestId },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.equals(FILE)).toBe(true);
    expect(answer.headers).toMatchObject({
      etag: ETAG,
      'accept-ranges': 'bytes',
      'content-length': String(FILE.length),
      'content-type': 'application/octet-stream',
      'content-disposition': 'attachment; filename="model v1.bin"',
      'x-request-id': requestId,
    });
    expect(registry.hits[0]!.principal.subject).toBe('mia');
    expect(await entryFor(requestId)).toMatchObject({
      subject: 'mia',
      operationType: 'query',
      operationName: `GET ${FILE_PATH}`,
      rootFields: ['artifactDownload'],
      outcome: 'OK',
    });
  });

  it('answers a range with 206 and content-range', async () => {
    const answer = await send(origin, 'GET', FILE_PATH, { headers: { ...bearer(), range: 'bytes=10-19' } });
    expect(answer.status).toBe(206);
    expect(answer.headers['content-range']).toBe(`bytes 10-19/${FILE.length}`);
    expect(answer.body.equals(FILE.subarray(10, 20))).toBe(true);
    const beyond = await send(origin, 'GET', FILE_PATH, {
      headers: { ...bearer(), range: 'bytes=999999-1000000' },
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${FILE.length}`);
    expect(codeOf(beyond)).toBe('RANGE_NOT_SATISFIABLE');
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const answer = await send(origin, 'GET', FILE_PATH, { headers: { ...bearer(), 'if-none-match': ETAG } });
    expect(answer.status).toBe(304);
    expect(answer.headers.etag).toBe(ETAG);
    expect(answer.body.length).toBe(0);
  });

  it('answers HEAD with the headers alone, and does not log it', async () => {
    const requestId = `artifact-head-${randomUUID()}`;
    const answer = await send(origin, 'HEAD', FILE_PATH, {
      headers: { ...bearer(), 'x-request-id': requestId },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-length']).toBe(String(FILE.length));
    expect(answer.headers.etag).toBe(ETAG);
    expect(registry.hits[0]!.method).toBe('HEAD');
    // Entries are sent in order: once a later download is logged, the HEAD would have been too.
    const later = `artifact-after-head-${randomUUID()}`;
    await send(origin, 'GET', FILE_PATH, { headers: { ...bearer(), 'x-request-id': later } });
    await entryFor(later);
    expect(governance.entries.find((e) => e.requestId === requestId)).toBeUndefined();
  });

  it('passes NOT_FOUND on for a file the registry will not show', async () => {
    const requestId = `artifact-404-${randomUUID()}`;
    const answer = await send(origin, 'GET', `/artifacts/versions/${VERSION}/files/other.bin`, {
      headers: { ...bearer(), 'x-request-id': requestId },
    });
    expect(answer.status).toBe(404);
    expect(codeOf(answer)).toBe('NOT_FOUND');
    expect((await entryFor(requestId)).outcome).toBe('NOT_FOUND');
  });

  it('cuts the answer short when the registry fails mid-body', async () => {
    behaviour = (_req, res) => {
      res.writeHead(200, { 'content-length': String(FILE.length), etag: ETAG });
      res.write(FILE.subarray(0, 1000), () => setTimeout(() => res.destroy(), 50));
    };
    const requestId = `artifact-cut-${randomUUID()}`;
    await expect(
      send(origin, 'GET', FILE_PATH, { headers: { ...bearer(), 'x-request-id': requestId } }),
    ).rejects.toThrow();
    expect((await entryFor(requestId)).outcome).toBe('SUBGRAPH_UNAVAILABLE');
  });

  it('aborts the registry response when the client hangs up mid-download', async () => {
    let registryClosed = false;
    behaviour = (_req, res) => {
      res.writeHead(200, { 'content-length': String(1024 * 1024 * 1024) });
      const chunk = Buffer.alloc(64 * 1024);
      const pump = () => {
        while (res.write(chunk)) {}
      };
      res.on('drain', pump);
      res.on('close', () => (registryClosed = true));
      pump();
    };
    const requestId = `artifact-gone-${randomUUID()}`;
    const { hostname, port } = new URL(origin);
    const req = httpRequest({
      host: hostname,
      port,
      method: 'GET',
      path: FILE_PATH,
      headers: { ...bearer(), 'x-request-id': requestId },
      agent: false,
    });
    req.on('error', () => {});
    const response = await new Promise<IncomingMessage>((resolve) => req.on('response', resolve).end());
    expect(response.statusCode).toBe(200);
    await new Promise((resolve) => response.once('data', resolve));
    req.destroy();
    await until(() => registryClosed, 'the registry response to be closed');
    expect((await entryFor(requestId)).outcome).toBe('CLIENT_CLOSED_REQUEST');
  });
});

describe('a registry that cannot be reached', () => {
  it('answers 502 SUBGRAPH_UNAVAILABLE for a 5xx or an upstream that is down', async () => {
    behaviour = (_req, res) => jsonError(res, 500, 'INTERNAL_SERVER_ERROR');
    const failed = await send(origin, 'GET', FILE_PATH, { headers: bearer() });
    expect(failed.status).toBe(502);
    expect(codeOf(failed)).toBe('SUBGRAPH_UNAVAILABLE');

    const { createServer } = await import('node:http');
    const closed = createServer();
    const nowhere = await listen(closed);
    await closeServer(closed);
    const orphan = await startGateway(gatewayConfig(`${nowhere}/graphql`), {
      logger: pino({ level: 'silent' }),
    });
    try {
      const down = await send(new URL(orphan.url).origin, 'GET', FILE_PATH, { headers: bearer() });
      expect(down.status).toBe(502);
      expect(codeOf(down)).toBe('SUBGRAPH_UNAVAILABLE');
    } finally {
      await orphan.close();
    }
  });

  it('answers 504 SUBGRAPH_TIMEOUT when the registry does not answer in time', async () => {
    behaviour = (_req, res) => {
      setTimeout(() => jsonError(res, 404, 'NOT_FOUND'), 1500);
    };
    const answer = await send(origin, 'GET', FILE_PATH, { headers: bearer() });
    expect(answer.status).toBe(504);
    expect(codeOf(answer)).toBe('SUBGRAPH_TIMEOUT');
  });
});

describe('version exports', () => {
  const TAR = Buffer.alloc(10_240, 1);
  beforeEach(() => {
    behaviour = (_req, res, hit) => {
      if (
        hit.url !== `/artifacts/versions/${VERSION}/bundle` &&
        hit.url !== `/artifacts/versions/${VERSION}/oci`
      ) {
        return jsonError(res, 404, 'NOT_FOUND');
      }
      // Like the registry: a tar written as it is read, so no content-length.
      res.writeHead(200, {
        'content-type': 'application/vnd.cairn.bundle.v1+tar',
        'content-disposition': 'attachment; filename="fraud-scorer-v1.cairn.tar"',
        'cache-control': 'private, no-store',
      });
      res.write(TAR.subarray(0, 5000));
      setTimeout(() => res.end(TAR.subarray(5000)), 10);
    };
  });

  it.each(['bundle', 'oci'])(
    'streams the %s export through, and logs it as versionExport',
    async (format) => {
      const requestId = `artifact-export-${randomUUID()}`;
      const path = `/artifacts/versions/${VERSION.toUpperCase()}/${format}`;
      const answer = await send(origin, 'GET', path, { headers: { ...bearer(), 'x-request-id': requestId } });
      expect(answer.status).toBe(200);
      expect(answer.body.equals(TAR)).toBe(true);
      expect(answer.headers).toMatchObject({
        'content-type': 'application/vnd.cairn.bundle.v1+tar',
        'content-disposition': 'attachment; filename="fraud-scorer-v1.cairn.tar"',
      });
      expect(registry.hits[0]!.url).toBe(`/artifacts/versions/${VERSION}/${format}`);
      expect(await entryFor(requestId)).toMatchObject({
        subject: 'mia',
        operationType: 'query',
        operationName: `GET ${path}`,
        rootFields: ['versionExport'],
        outcome: 'OK',
      });
    },
  );

  it('refuses a version id that is not a UUID and any method but GET and HEAD, before the registry', async () => {
    const bad = await send(origin, 'GET', '/artifacts/versions/not-a-version/bundle', { headers: bearer() });
    expect(bad.status).toBe(400);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const put = await send(origin, 'PUT', `/artifacts/versions/${VERSION}/oci`, {
      headers: { ...bearer(), 'content-length': '1' },
      body: Buffer.from('x'),
    });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD');
    expect(registry.hits).toHaveLength(0);
  });

  it('passes NOT_FOUND on for a version the registry will not show', async () => {
    const hidden = await send(origin, 'GET', `/artifacts/versions/${randomUUID()}/bundle`, {
      headers: bearer(),
    });
    expect(hidden.status).toBe(404);
    expect(codeOf(hidden)).toBe('NOT_FOUND');
  });
});
