import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CairnClient, CairnError, clientCredentials, downloadFile, operations, staticToken } from '../src';

/** A loopback server answering each request with the next scripted reply. */
async function scriptedServer(replies: ((req: IncomingMessage, res: ServerResponse) => void)[]) {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    const reply = replies[Math.min(seen.length - 1, replies.length - 1)]!;
    req.resume().on('end', () => reply(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(server);
  return { url, seen };
}
const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
const me = { data: { me: { subject: 'eli', kind: 'user', email: null, scopes: [] } } };
const fast = { retries: 4, baseDelayMs: 1, maxDelayMs: 5 };

describe('retries', () => {
  it('retries a query through 503, 502 and a 429 with Retry-After, then succeeds', async () => {
    const server = await scriptedServer([
      json(503, {}),
      json(502, {}),
      json(
        429,
        { errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED' } }] },
        { 'retry-after': '0' },
      ),
      json(200, me),
    ]);
    const delays: number[] = [];
    const client = new CairnClient({
      apiUrl: server.url,
      auth: staticToken('cairn_pat_x'),
      retry: fast,
      retryHooks: { onRetry: ({ delayMs }) => delays.push(delayMs) },
    });
    const answer = await client.execute(operations.WhoAmIDocument, {});
    expect(answer.me.subject).toBe('eli');
    expect(server.seen).toHaveLength(4);
    expect(delays[2]).toBe(0); // Retry-After: 0 wins over the back-off
    expect(server.seen[0]!.headers.authorization).toBe('Bearer cairn_pat_x');
  });

  it('never retries a typed refusal, nor a non-idempotent mutation after a 503', async () => {
    const refused = await scriptedServer([
      json(200, { errors: [{ message: 'no', extensions: { code: 'NOT_FOUND' } }] }),
    ]);
    const client = new CairnClient({ apiUrl: refused.url, auth: staticToken('t'), retry: fast });
    await expect(client.execute(operations.WhoAmIDocument, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(refused.seen).toHaveLength(1);

    const down = await scriptedServer([json(503, {}), json(200, { data: {} })]);
    const mutating = new CairnClient({ apiUrl: down.url, auth: staticToken('t'), retry: fast });
    const create = mutating.execute(operations.RollbackModelAliasDocument, {
      modelId: 'm',
      alias: 'a',
      reason: 'r',
    });
    await expect(create).rejects.toMatchObject({ status: 503 });
    expect(down.seen).toHaveLength(1);
  });

  it('retries a refused connection and gives up with NETWORK_ERROR', async () => {
    const client = new CairnClient({
      apiUrl: 'http://127.0.0.1:1',
      auth: staticToken('t'),
      retry: { ...fast, retries: 2 },
    });
    const failure = await client.execute(operations.WhoAmIDocument, {}).catch((error) => error);
    expect(failure).toBeInstanceOf(CairnError);
    expect(failure.code).toBe('NETWORK_ERROR');
  });
});

describe('client credentials', () => {
  it('keeps the token until shortly before expiry, then fetches a new one', async () => {
    let issued = 0;
    const idp = await scriptedServer([
      (req, res) => {
        if (req.url?.startsWith('/.well-known')) return json(404, {})(req, res);
        issued++;
        json(200, { access_token: `token-${issued}`, expires_in: 60 })(req, res);
      },
    ]);
    let now = 0;
    const provider = clientCredentials({ issuer: idp.url, clientId: 'c', clientSecret: 's', now: () => now });
    expect(await provider.token()).toBe('token-1');
    now = 20_000;
    expect(await provider.token()).toBe('token-1');
    now = 31_000; // inside the 30 s margin before the 60 s expiry
    expect(await provider.token()).toBe('token-2');
    const basic = idp.seen.find((req) => req.url === '/token')!.headers.authorization;
    expect(Buffer.from(basic!.replace('Basic ', ''), 'base64').toString()).toBe('c:s');
  });
});

describe('downloads', () => {
  it('refuses bytes that do not match the digest and leaves nothing behind', async () => {
    const server = await scriptedServer([
      (_req, res) => {
        res.writeHead(200, { etag: `"sha256:${'0'.repeat(64)}"`, 'content-length': '5' });
        res.end('hello');
      },
    ]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-sdk-download-'));
    try {
      const client = new CairnClient({ apiUrl: server.url, auth: staticToken('t'), retry: fast });
      const dest = path.join(dir, 'weights/model.bin');
      const failure = await downloadFile(client, 'v1', 'weights/model.bin', dest).catch((error) => error);
      expect(failure).toMatchObject({ code: 'DIGEST_MISMATCH' });
      expect(existsSync(dest)).toBe(false);
      expect(server.seen[0]!.url).toBe('/artifacts/versions/v1/files/weights/model.bin');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
