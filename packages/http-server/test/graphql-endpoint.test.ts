import { request as httpRequest } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpShell, type RunningHttpServer } from '../src';

const MAX_BODY = 1024;
let server: RunningHttpServer;
let base: string;

beforeAll(async () => {
  const apollo = new ApolloServer<{ caller: string }>({
    typeDefs: 'type Query { whoami: String, echo(text: String!): String }',
    resolvers: {
      Query: {
        whoami: (_root, _args, context) => context.caller,
        echo: (_root, args: { text: string }) => args.text,
      },
    },
  });
  await apollo.start();
  const shell = createHttpShell({
    service: 'test',
    logger: pino({ level: 'silent' }),
    maxBodyBytes: MAX_BODY,
    logEveryRequest: true,
    readiness: async () => ({ ready: true }),
  });
  shell.serveGraphQL('/graphql', apollo, async ({ headers }) => {
    if (headers.authorization === 'Bearer refused') {
      throw new GraphQLError('no', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
    return { caller: String(headers.authorization ?? 'anonymous') };
  });
  server = await shell.listen('127.0.0.1', 0);
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
});

async function post(body: string, headers: Record<string, string> = {}, path = '/graphql') {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: JSON.parse(text) };
}

/** A body sent in chunks without a declared length, as a streaming client would. */
function postChunked(size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}/graphql`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    const chunk = `{"query":"${'x'.repeat(100)}`;
    for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk);
    req.end();
  });
}

describe('the GraphQL endpoint on node:http', () => {
  it('answers a query with the context the service built from the request', async () => {
    const result = await post(JSON.stringify({ query: '{ whoami }' }), { authorization: 'Bearer a' });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ data: { whoami: 'Bearer a' } });
    expect(result.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps an acceptable request id and replaces one that is not', async () => {
    const kept = await post(JSON.stringify({ query: '{ whoami }' }), { 'x-request-id': 'trace-1.2:3' });
    expect(kept.headers.get('x-request-id')).toBe('trace-1.2:3');
    const replaced = await post(JSON.stringify({ query: '{ whoami }' }), { 'x-request-id': 'a b<script>' });
    expect(replaced.headers.get('x-request-id')).not.toContain('<');
  });

  it('uses the status a context error carries', async () => {
    const result = await post(JSON.stringify({ query: '{ whoami }' }), { authorization: 'Bearer refused' });
    expect(result.status).toBe(401);
    expect(result.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a declared body over the limit with 413 before reading it', async () => {
    const result = await post(JSON.stringify({ query: `{ echo(text: "${'a'.repeat(MAX_BODY)}") }` }));
    expect(result.status).toBe(413);
    expect(result.json.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses an undeclared body once it grows over the limit', async () => {
    const result = await postChunked(MAX_BODY * 4);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['not JSON', '{"query": ', {}],
    ['a JSON string', '"{ whoami }"', {}],
    ['another charset', '{"query":"{ whoami }"}', { 'content-type': 'application/json; charset=latin1' }],
    ['a compressed body', '{"query":"{ whoami }"}', { 'content-encoding': 'gzip' }],
  ])('answers %s with 400 BAD_REQUEST', async (_name, body, headers) => {
    const result = await post(body, headers);
    expect(result.status).toBe(400);
    expect(result.json.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('leaves a body of another type to Apollo, which refuses it', async () => {
    const result = await post('{ whoami }', { 'content-type': 'text/plain' });
    expect(result.status).toBe(400);
  });

  it('answers an empty JSON body as a request without a query', async () => {
    const result = await post('');
    expect(result.status).toBe(400);
    expect(result.json.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('serves queries over GET with the CSRF header Apollo requires', async () => {
    const response = await fetch(`${base}/graphql?query=${encodeURIComponent('{ whoami }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { whoami: 'anonymous' } });
  });

  it('also answers on the path with a trailing slash, and leaves other paths to Express', async () => {
    expect((await post(JSON.stringify({ query: '{ whoami }' }), {}, '/graphql/')).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/graphqlx`)).status).toBe(404);
  });
});
