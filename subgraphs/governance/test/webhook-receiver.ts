import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedCall {
  headers: Record<string, string>;
  body: string;
  /** What `standardwebhooks` verified and parsed, or null when the signature did not verify. */
  verified: Record<string, unknown> | null;
}

/**
 * A real receiver on 127.0.0.1, as a team would run one: it verifies each call with the
 * `standardwebhooks` library and the secret it was given, and answers what `answer` says.
 */
export class TestReceiver {
  readonly calls: ReceivedCall[] = [];
  secret = '';
  answer: (call: ReceivedCall, n: number) => number = (call) => (call.verified ? 200 : 401);
  private server?: http.Server;

  constructor(public port = 0) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/cairn`;
  }

  get verified(): Record<string, unknown>[] {
    return this.calls.flatMap((c) => (c.verified ? [c.verified] : []));
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
        );
        let verified: Record<string, unknown> | null = null;
        try {
          verified = new Webhook(this.secret).verify(body, headers) as Record<string, unknown>;
        } catch {
          verified = null;
        }
        const call = { headers, body, verified };
        this.calls.push(call);
        const status = this.answer(call, this.calls.length);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(`answered ${status}`);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

/** A port nothing listens on (taken and released), for a receiver that is down. */
export async function closedPort(): Promise<number> {
  const probe = await new TestReceiver().start();
  const { port } = probe;
  await probe.stop();
  return port;
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
