import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { errorFromBody, networkError } from './errors';
import { parseRetryAfter } from './retry';

export interface RawRequest {
  method: string;
  url: URL;
  headers: OutgoingHttpHeaders;
  /** A fresh stream for each attempt; absent for GET/HEAD. */
  body?: Readable;
  signal?: AbortSignal;
}

/**
 * One HTTP exchange over node:http(s), for artifact bytes. fetch cannot send a stream with a
 * `content-length`, which the artifact routes require, and would buffer nothing less.
 */
export function sendRaw(options: RawRequest): Promise<IncomingMessage> {
  const send = options.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(options.url, {
      method: options.method,
      headers: options.headers,
      signal: options.signal,
    });
    req.on('response', resolve);
    req.on('error', (error) => {
      options.body?.destroy();
      reject(networkError(error));
    });
    if (options.body) {
      options.body.on('error', (error) => req.destroy(error));
      options.body.pipe(req);
    } else {
      req.end();
    }
  });
}

/** Reads a refusal's JSON body into a CairnError (the artifact routes answer like GraphQL). */
export async function rawError(response: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  let body: unknown = null;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {}
  const retryAfter = parseRetryAfter(response.headers['retry-after'] as string | undefined);
  return errorFromBody(body, response.statusCode ?? 0, retryAfter);
}

/** Percent-encodes each segment of a relative POSIX path for the download route. */
export function encodeFilePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
