import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costLimitPlugin } from '../src/query-limits';

/** A schema whose cost depends on page sizes, behind the cost plugin with a limit of 100. */
let apollo: ApolloServer;

beforeAll(async () => {
  apollo = new ApolloServer({
    typeDefs: `type Item { id: ID! children(first: Int): [Item!]! }
      type Query { items(first: Int): [Item!]! }`,
    resolvers: { Query: { items: () => [] } },
    plugins: [costLimitPlugin(100)],
  });
  await apollo.start();
});

afterAll(async () => {
  await apollo.stop();
});

async function costCode(query: string, variables?: Record<string, unknown>, operationName?: string) {
  const response = await apollo.executeOperation({ query, variables, operationName });
  const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
  return result?.errors?.[0]?.extensions?.code ?? 'OK';
}

describe('the cost limit', () => {
  it('refuses an expensive variable-free document every time it is sent, not only the first', async () => {
    const expensive = '{ items(first: 50) { children(first: 50) { id } } }';
    expect(await costCode(expensive)).toBe('QUERY_TOO_COMPLEX');
    expect(await costCode(expensive)).toBe('QUERY_TOO_COMPLEX');
    expect(await costCode('{ items(first: 5) { id } }')).toBe('OK');
  });

  it('estimates a document with variables for each request, as the variables change its cost', async () => {
    const paged = 'query Paged($n: Int) { items(first: $n) { children(first: $n) { id } } }';
    expect(await costCode(paged, { n: 2 })).toBe('OK');
    expect(await costCode(paged, { n: 50 })).toBe('QUERY_TOO_COMPLEX');
    expect(await costCode(paged, { n: 2 })).toBe('OK');
  });

  it('tells apart the operations of one document by name', async () => {
    const two = `query Cheap { items(first: 1) { id } }
      query Dear { items(first: 50) { children(first: 50) { id } } }`;
    expect(await costCode(two, undefined, 'Cheap')).toBe('OK');
    expect(await costCode(two, undefined, 'Dear')).toBe('QUERY_TOO_COMPLEX');
    expect(await costCode(two, undefined, 'Cheap')).toBe('OK');
  });
});
