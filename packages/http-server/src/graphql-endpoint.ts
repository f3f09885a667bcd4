import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import type { Logger } from 'pino';

/** What a service needs from the HTTP request to build its GraphQL context. */
export interface GraphQLHttpRequest {
  requestId: string;
  /** The TCP peer's address. */
  address: string | undefined;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body of a POST, or undefined. */
  body: unknown;
  /** The service logger, bound to this request's id. */
  log: Logger;
}

export type GraphQLContextFactory<C extends BaseContext> = (request: GraphQLHttpRequest) => Promise<C>;

/**
 * Answers a POST without Apollo when it can, given the parsed body, the request headers and the
 * context built for it: the JSON text of a 200 response, or undefined to hand the request to
 * Apollo (with the same context, which is built once). It must not throw.
 */
export type GraphQLShortcut<C extends BaseContext> = (
  body: unknown,
  headers: IncomingMessage['headers'],
  context: C,
) => Promise<string | undefined>;

/** Why a body was refused before GraphQL ran; answered with the status and a GraphQL error. */
export class BodyRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const JSON_TYPE = /^application\/json\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([\w-]+)"?/i;

/** `application/json` in UTF-8, without content coding: what the endpoint parses. */
function isParsedAsJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  if (!type || !JSON_TYPE.test(type)) return false;
  const charset = CHARSET.exec(type)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new BodyRefusal(400, 'BAD_REQUEST', 'The request body must be UTF-8 JSON');
  }
  const encoding = req.headers['content-encoding']?.toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw new BodyRefusal(400, 'BAD_REQUEST', 'Compressed request bodies are not accepted');
  }
  return true;
}

function tooLarge(): BodyRefusal {
  return new BodyRefusal(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
}

/**
 * Reads a JSON request body of at most `maxBytes`. A declared length over the limit is refused
 * before a byte is read; an undeclared one is counted as it arrives. Only objects and arrays are
 * accepted at the top level, as a GraphQL request is one or the other; an empty body is `{}`,
 * which Apollo answers as a request without a query.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (!isParsedAsJson(req)) return undefined;
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks, received).toString('utf8').trim();
  if (text === '') return {};
  if (text[0] !== '{' && text[0] !== '[') {
    throw new BodyRefusal(400, 'BAD_REQUEST', 'The request body is not valid JSON');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyRefusal(400, 'BAD_REQUEST', 'The request body is not valid JSON');
  }
}

export function writeGraphQLError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * `/graphql` straight from `node:http` into Apollo Server, without Express's router, body
 * parser and response helpers: under load those cost about 0.2 ms of CPU a request on the
 * gateway, which is a large share of what the gateway adds to a call. Everything else (health,
 * readiness, exports) stays on Express.
 */
export function graphqlEndpoint<C extends BaseContext>(
  apollo: ApolloServer<C>,
  context: GraphQLContextFactory<C>,
  maxBodyBytes: number,
  shortcut?: GraphQLShortcut<C>,
) {
  return async (req: IncomingMessage, res: ServerResponse, requestId: string, log: Logger): Promise<void> => {
    let body: unknown;
    try {
      body = req.method === 'POST' ? await readJsonBody(req, maxBodyBytes) : undefined;
    } catch (error) {
      if (!(error instanceof BodyRefusal)) throw error;
      // The rest of a refused body is not read: close the connection once the answer is out.
      writeGraphQLError(res, error.status, error.code, error.message, { connection: 'close' });
      res.once('finish', () => req.destroy());
      return;
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const contextOf = () =>
      context({ requestId, address: req.socket.remoteAddress, headers: req.headers, body, log });
    let built: Promise<C> | undefined;
    if (shortcut && body !== undefined && query === -1) {
      built = contextOf();
      // A context that fails (no valid credential, rate limited) is Apollo's to answer.
      // A shortcut that fails for any reason leaves the request to Apollo as well.
      const answered = await built.then(
        (value) => shortcut(body, req.headers, value).catch(() => undefined),
        () => undefined,
      );
      if (answered !== undefined) {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(answered),
        });
        res.end(answered);
        return;
      }
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? 'GET').toUpperCase(),
        headers,
        search: query === -1 ? '' : url.slice(query),
        body,
      },
      context: () => built ?? contextOf(),
    });
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(answer.body.string));
      res.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

export type GraphQLEndpoint = ReturnType<typeof graphqlEndpoint>;
