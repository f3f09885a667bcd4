import { createHash } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { DEV_IDENTITY_PUBLIC_KEY } from '@cairn/config';
import { InternalTokenVerifier, type Principal } from '@cairn/identity';
import type { AccessEntry } from '../src/access-log-sender';

/**
 * Stand-ins for the gateway's neighbours in the artifact route tests: a registry that speaks the
 * artifact HTTP contract (checking the gateway's identity the way the real one does) and a
 * governance that resolves callers and keeps the access log it is sent.
 */

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export function jsonError(res: ServerResponse, status: number, code: string, message = code) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

export interface Upload {
  principal: Principal;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
  sha256: string | null;
  /** When the first body byte arrived, and when the request ended (complete or aborted). */
  firstByteAt: number | null;
  endedAt: number | null;
  aborted: boolean;
}

export interface RegistryHit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  principal: Principal;
}

export type RegistryBehaviour = (req: IncomingMessage, res: ServerResponse, hit: RegistryHit) => void;

/** A registry on loopback: every verified request is counted; what it answers is up to the test. */
export async function startStandInRegistry(behaviour: () => RegistryBehaviour) {
  const verifier = new InternalTokenVerifier(DEV_IDENTITY_PUBLIC_KEY, 'registry');
  const hits: RegistryHit[] = [];
  const server = createServer((req, res) => {
    const identity = req.headers['x-cairn-identity'];
    verifier.verify(typeof identity === 'string' ? identity : undefined).then(
      (principal) => {
        const hit = { method: req.method!, url: req.url!, headers: req.headers, principal };
        hits.push(hit);
        behaviour()(req, res, hit);
      },
      () => jsonError(res, 401, 'UNAUTHENTICATED'),
    );
  });
  const origin = await listen(server);
  return { origin, hits, close: () => closeServer(server) };
}

/** Takes an upload part the way the registry does, hashing it as it streams in. */
export function receivePart(uploads: Upload[]): RegistryBehaviour {
  return (req, res, hit) => {
    const upload: Upload = {
      principal: hit.principal,
      url: hit.url,
      headers: hit.headers,
      bytes: 0,
      sha256: null,
      firstByteAt: null,
      endedAt: null,
      aborted: false,
    };
    uploads.push(upload);
    const hash = createHash('sha256');
    req.on('data', (chunk: Buffer) => {
      upload.firstByteAt ??= Date.now();
      upload.bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      upload.endedAt = Date.now();
      upload.sha256 = hash.digest('hex');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ partNumber: Number(hit.url.split('/').pop()), size: upload.bytes }));
    });
    req.on('close', () => {
      if (!req.complete) {
        upload.aborted = true;
        upload.endedAt = Date.now();
      }
    });
  };
}

/** Serves one file with an etag, single ranges and conditional requests, as the contract says. */
export function serveFile(content: Buffer, etag: string): RegistryBehaviour {
  return (req, res) => {
    const headers: Record<string, string> = {
      etag,
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
      'content-disposition': 'attachment; filename="model v1.bin"',
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (range) {
      const [start, end] = [Number(range[1]), Number(range[2])];
      if (start > end || start >= content.length) {
        res.writeHead(416, {
          'content-range': `bytes */${content.length}`,
          'content-type': 'application/json',
        });
        res.end(
          JSON.stringify({ errors: [{ message: 'no', extensions: { code: 'RANGE_NOT_SATISFIABLE' } }] }),
        );
        return;
      }
      const last = Math.min(end, content.length - 1);
      res.writeHead(206, {
        ...headers,
        'content-length': String(last - start + 1),
        'content-range': `bytes ${start}-${last}/${content.length}`,
      });
      res.end(req.method === 'HEAD' ? undefined : content.subarray(start, last + 1));
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(content.length) });
    res.end(req.method === 'HEAD' ? undefined : content);
  };
}

/** Governance as the gateway sees it: callers resolve to no extra memberships; access is kept. */
export async function startStandInGovernance() {
  const entries: AccessEntry[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const { query, variables } = JSON.parse(text) as { query: string; variables: Record<string, unknown> };
      res.setHeader('content-type', 'application/json');
      if (query.includes('recordAccess')) {
        const batch = variables.entries as AccessEntry[];
        entries.push(...batch);
        res.end(JSON.stringify({ data: { recordAccess: batch.length } }));
      } else if (query.includes('resolveCaller')) {
        res.end(JSON.stringify({ data: { resolveCaller: { memberships: [] } } }));
      } else {
        res.end(
          JSON.stringify({ errors: [{ message: 'not here', extensions: { code: 'BAD_USER_INPUT' } }] }),
        );
      }
    });
  });
  const origin = await listen(server);
  return { url: `${origin}/graphql`, entries, close: () => closeServer(server) };
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP request with the path sent exactly as written (fetch and URL would resolve `..` and
 * re-encode), on a fresh connection.
 */
export function send(
  origin: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | Readable } = {},
): Promise<Answer> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: hostname, port, method, path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('the answer was cut short')));
      },
    );
    req.on('error', reject);
    if (options.body instanceof Readable) options.body.pipe(req);
    else req.end(options.body);
  });
}

/**
 * `size` bytes made on demand, one 1 MiB buffer sent again and again (so the client itself
 * allocates nothing while it sends), with the sha256 of what was produced.
 */
export function generatedBytes(size: number) {
  const chunk = Buffer.from(Array.from({ length: 1024 * 1024 }, (_, i) => (i * 7) % 256));
  const hash = createHash('sha256');
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= size) {
        this.push(null);
        return;
      }
      const piece = chunk.subarray(0, Math.min(chunk.length, size - produced));
      hash.update(piece);
      produced += piece.length;
      this.push(piece);
    },
  });
  return { stream, sha256: () => hash.digest('hex'), produced: () => produced };
}
