import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { AddressPolicy, type ResolvedTarget, UnsafeWebhookTargetError } from './address-policy';

/** The first bytes of an answer kept in the delivery log; the rest is never read. */
export const RESPONSE_SNIPPET_BYTES = 1024;

export interface OutgoingMessage {
  url: string;
  messageId: string;
  /** The exact bytes signed and sent. */
  body: string;
  /** The subscription's secret, and during a rotation's grace period the previous one too. */
  secrets: string[];
}

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseSnippet: string | null;
}

/**
 * The Standard Webhooks headers: `webhook-signature` holds one `v1,<base64 HMAC-SHA256>` per
 * secret, space-separated, which the specification allows so receivers can rotate keys.
 */
export function signedHeaders(message: Pick<OutgoingMessage, 'messageId' | 'body' | 'secrets'>, at: Date) {
  const signatures = message.secrets.map((secret) =>
    new Webhook(secret).sign(message.messageId, at, message.body),
  );
  return {
    'webhook-id': message.messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

/** Connects only to the addresses the policy checked, so a second DNS answer cannot redirect it. */
function pinnedLookup(target: ResolvedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
    const usable = target.addresses.filter((a) => wanted === 0 || a.family === wanted);
    if (usable.length === 0) {
      callback(
        Object.assign(new Error('no checked address of the wanted family'), { code: 'ENOTFOUND' }),
        '',
        4,
      );
    } else if (options.all) {
      (callback as unknown as (e: null, a: typeof usable) => void)(null, usable);
    } else {
      callback(null, usable[0]!.address, usable[0]!.family);
    }
  };
}

/**
 * Sends one signed POST. The host is resolved and checked at each attempt (a name may point
 * elsewhere since the subscription was created); redirects are not followed (a 3xx is a
 * failure, or a receiver could redirect into the private network); the whole attempt has a
 * deadline; at most `RESPONSE_SNIPPET_BYTES` of the answer are read.
 */
export class WebhookSender {
  constructor(
    private readonly policy: AddressPolicy,
    private readonly timeoutMs: number,
  ) {}

  async send(message: OutgoingMessage, now = new Date()): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const url = new URL(message.url);
    let target: ResolvedTarget;
    try {
      target = await this.policy.resolve(url);
    } catch (error) {
      const reason =
        error instanceof UnsafeWebhookTargetError ? error.message : 'the host could not be checked';
      return {
        ok: false,
        statusCode: null,
        durationMs: elapsed(),
        error: `refused: ${reason}`,
        responseSnippet: null,
      };
    }
    const body = Buffer.from(message.body);
    const headers = {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'user-agent': 'Cairn-Webhooks/1',
      ...signedHeaders(message, now),
    };
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      const finish = (result: Omit<AttemptResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        request.destroy();
        resolve({ ...result, durationMs: elapsed() });
      };
      const request = client.request(url, {
        method: 'POST',
        headers,
        lookup: pinnedLookup(target),
        agent: false,
      });
      const deadline = setTimeout(
        () =>
          finish({
            ok: false,
            statusCode: null,
            error: `timed out after ${this.timeoutMs} ms`,
            responseSnippet: null,
          }),
        this.timeoutMs,
      );
      request.on('error', (error: NodeJS.ErrnoException) =>
        finish({ ok: false, statusCode: null, error: error.code ?? error.message, responseSnippet: null }),
      );
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          // Postgres text holds no NUL, and a receiver may answer anything.
          const snippet = Buffer.concat(chunks)
            .subarray(0, RESPONSE_SNIPPET_BYTES)
            .toString('utf8')
            .replaceAll('\u0000', '');
          const ok = status >= 200 && status < 300;
          const error = ok
            ? null
            : status >= 300 && status < 400
              ? `HTTP ${status}: redirects are not followed`
              : `HTTP ${status}`;
          finish({ ok, statusCode: status, error, responseSnippet: snippet || null });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_SNIPPET_BYTES) done();
        });
        response.on('end', done);
        response.on('error', done);
      });
      request.end(body);
    });
  }
}
