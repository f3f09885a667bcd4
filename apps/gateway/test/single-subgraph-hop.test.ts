import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../src/context';
import { DEFAULT_SUPERGRAPH_PATH } from '../src/gateway';
import { estimateCost } from '../src/query-limits';
import { SingleSubgraphQueries, singleSubgraphShortcut } from '../src/single-subgraph-queries';
import { CairnSubgraphDataSource } from '../src/subgraph-data-source';

/**
 * The single-subgraph route against a registry stand-in over real HTTP: answers that are plain
 * data pass through as they are, anything else goes back to the pipeline, and a hop that times
 * out is not waited for twice.
 */
const QUERY = 'query Version($id: ID!) { modelVersion(id: $id) { id version } }';
const BODY = { query: QUERY, operationName: 'Version', variables: { id: 'v1' } };
let server: Server;
let answer: 'data' | 'errors' | 'hang' = 'data';
let received: { identity: string | undefined; body: Record<string, unknown> }[] = [];
let source: CairnSubgraphDataSource;
let queries: SingleSubgraphQueries;

function contextFor(subject: string): GatewayContext {
  return {
    requestId: `request-${subject}`,
    principal: { subject, kind: 'user', orgRoles: [], memberships: [], scopes: ['read'] },
    origin: { requestId: `request-${subject}`, address: '127.0.0.1', userAgent: undefined },
    identityFor: async (subgraph) => `identity-of-${subject}-for-${subgraph}`,
  };
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      identity: req.headers['x-cairn-identity'] as string | undefined,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
    });
    if (answer === 'hang') return;
    res.setHeader('content-type', 'application/json');
    res.end(
      answer === 'data'
        ? '{"data":{"modelVersion":{"id":"v1","version":1}}}\n'
        : '{"errors":[{"message":"not found","extensions":{"code":"NOT_FOUND"}}],"data":null}\n',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  source = new CairnSubgraphDataSource(
    'registry',
    `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    300,
  );
  const supergraph = Supergraph.build(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'));
  queries = new SingleSubgraphQueries(estimateCost);
  queries.useSchema(supergraph.apiSchema().toGraphQLJSSchema());
  const document = parse(QUERY);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const plan = new QueryPlanner(supergraph).buildQueryPlan(
    operationFromDocument(supergraph.apiSchema(), document),
  );
  queries.learn(plan, { ...BODY, extensions: undefined, document, operation });
});

afterAll(async () => {
  await source.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const shortcut = () =>
  singleSubgraphShortcut({
    queries,
    sources: new Map([['registry', source]]),
    maxCost: 5000,
    metrics: undefined,
  });

describe('the single-subgraph route over HTTP', () => {
  it('sends the planned operation with the caller’s own identity and hands back plain data as it is', async () => {
    answer = 'data';
    received = [];
    const route = shortcut();
    expect(await route(BODY, {}, contextFor('alice'))).toBe(
      '{"data":{"modelVersion":{"id":"v1","version":1}}}\n',
    );
    expect(await route(BODY, {}, contextFor('bob'))).toBeDefined();
    expect(received.map((r) => r.identity)).toEqual([
      'identity-of-alice-for-registry',
      'identity-of-bob-for-registry',
    ]);
    expect(received[0]!.body).toEqual({
      query: 'query Version__registry__0($id:ID!){modelVersion(id:$id){id version}}',
      variables: { id: 'v1' },
      operationName: 'Version__registry__0',
    });
  });

  it('hands errors back to the pipeline, and leaves other accept types and bodies to it', async () => {
    answer = 'errors';
    const route = shortcut();
    expect(await route(BODY, {}, contextFor('alice'))).toBeUndefined();
    answer = 'data';
    received = [];
    expect(
      await route(BODY, { accept: 'application/graphql-response+json' }, contextFor('alice')),
    ).toBeUndefined();
    expect(
      await route({ ...BODY, extensions: { persistedQuery: {} } }, {}, contextFor('alice')),
    ).toBeUndefined();
    expect(received).toEqual([]);
  });

  it('does not wait twice for a subgraph that timed out: the pipeline gets the same typed failure at once', async () => {
    answer = 'hang';
    received = [];
    const context = contextFor('alice');
    expect(await shortcut()(BODY, {}, context)).toBeUndefined();
    const failure = await source
      .process({ request: { query: QUERY, variables: BODY.variables }, context } as never)
      .catch((error: unknown) => error);
    expect((failure as { extensions?: { code?: string } }).extensions?.code).toBe('SUBGRAPH_TIMEOUT');
    expect(received).toHaveLength(1);
  });
});
