import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { type QueryPlan, QueryPlanner } from '@apollo/query-planner';
import { type DocumentNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPERGRAPH_PATH } from './gateway';
import { estimateCost } from './query-limits';
import { plainData, SingleSubgraphQueries } from './single-subgraph-queries';

const supergraph = Supergraph.build(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'));
const apiSchema = supergraph.apiSchema();
const planner = new QueryPlanner(supergraph);

const VERSION_QUERY =
  'query Version($id: ID!) { modelVersion(id: $id) { id version createdAt model { name team { slug } } } }';
const ID = '00000000-0000-4000-8000-000000000001';

function planned(
  query: string,
  variables: Record<string, unknown> = {},
  extensions?: Record<string, unknown>,
) {
  const document: DocumentNode = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  ) as OperationDefinitionNode;
  const plan: QueryPlan = planner.buildQueryPlan(operationFromDocument(apiSchema, document));
  return {
    plan,
    request: { query, operationName: operation.name?.value, variables, extensions, document, operation },
  };
}

function learning(...queries: [string, Record<string, unknown>?][]) {
  const routes = new SingleSubgraphQueries(estimateCost);
  routes.useSchema(apiSchema.toGraphQLJSSchema());
  for (const [query, variables] of queries) {
    const { plan, request } = planned(query, variables);
    routes.learn(plan, request);
  }
  return routes;
}

describe('single-subgraph queries', () => {
  it('remembers a query planned as one fetch of exactly its selection, and sends only the variables it uses', () => {
    const routes = learning([VERSION_QUERY, { id: ID }]);
    const routable = routes.routeFor(
      { query: VERSION_QUERY, operationName: 'Version', variables: { id: ID } },
      1000,
    );
    expect(routable?.route.subgraph).toBe('registry');
    expect(routable?.route.operationName).toBe('Version__registry__0');
    expect(routable?.variables).toEqual({ id: ID });
    // Another operation name, or none where one was given, is another request.
    expect(routes.routeFor({ query: VERSION_QUERY, variables: { id: ID } }, 1000)).toBeUndefined();
  });

  it('never remembers mutations, plans that join subgraphs, documents with fragments or persisted queries', () => {
    // `stage` comes from governance: the plan fetches from the registry, then from governance.
    const joined = '{ modelVersion(id: "x") { id stage } }';
    const withFragment = 'query F { modelVersion(id: "x") { ...V } } fragment V on ModelVersion { id }';
    const mutation = 'mutation { createTeam(input: { slug: "a-team", name: "A" }) { id } }';
    const routes = learning([joined], [withFragment], [mutation]);
    expect(planned(joined).plan.node?.kind).not.toBe('Fetch');
    for (const query of [joined, withFragment, mutation]) {
      expect(routes.routeFor({ query }, 1_000_000)).toBeUndefined();
    }
    const persisted = new SingleSubgraphQueries(estimateCost);
    persisted.useSchema(apiSchema.toGraphQLJSSchema());
    const { plan, request } = planned(VERSION_QUERY, { id: ID }, { persistedQuery: { version: 1 } });
    persisted.learn(plan, request);
    expect(
      persisted.routeFor({ query: VERSION_QUERY, operationName: 'Version', variables: { id: ID } }, 1000),
    ).toBeUndefined();
  });

  it('hands back to the full pipeline bodies with other members, bad variables or a cost over the limit', () => {
    const pagedQuery = 'query Page($n: Int) { models(first: $n) { edges { node { id } } } }';
    const routes = learning([VERSION_QUERY, { id: ID }], [pagedQuery, { n: 1 }]);
    const version = { query: VERSION_QUERY, operationName: 'Version' };
    expect(routes.routeFor({ ...version, variables: { id: ID }, extensions: {} }, 1000)).toBeUndefined();
    expect(routes.routeFor({ ...version, variables: { id: 42.5 } }, 1000)).toBeUndefined();
    expect(routes.routeFor({ ...version, variables: {} }, 1000)).toBeUndefined();
    expect(routes.routeFor({ ...version, variables: [ID] }, 1000)).toBeUndefined();
    expect(routes.routeFor([version], 1000)).toBeUndefined();
    // The page size comes from a variable, so the cost is estimated on every call.
    const page = (n: number) => ({ query: pagedQuery, operationName: 'Page', variables: { n } });
    expect(routes.routeFor(page(5), 50)).toBeDefined();
    expect(routes.routeFor(page(100), 50)).toBeUndefined();
    expect(routes.routeFor(page(1), 1)).toBeUndefined();
  });

  it('forgets every route when the schema changes', () => {
    const routes = learning([VERSION_QUERY, { id: ID }]);
    routes.useSchema(apiSchema.toGraphQLJSSchema());
    expect(
      routes.routeFor({ query: VERSION_QUERY, operationName: 'Version', variables: { id: ID } }, 1000),
    ).toBeUndefined();
  });

  it('hands back only answers that are plain data', () => {
    expect(plainData(200, '{"data":{"modelVersion":null}}\n')).toBe('{"data":{"modelVersion":null}}\n');
    expect(plainData(200, '{"data":{"a":1},"errors":[{"message":"x"}]}')).toBeUndefined();
    expect(plainData(200, '{"errors":[{"message":"x"}],"data":null}')).toBeUndefined();
    expect(plainData(200, '{"data":{"a":1},"extensions":{}}')).toBeUndefined();
    expect(plainData(200, '{"data":null}')).toBeUndefined();
    expect(plainData(400, '{"data":{"a":1}}')).toBeUndefined();
    expect(plainData(200, 'not json')).toBeUndefined();
    expect(plainData(200, '[{"data":{}}]')).toBeUndefined();
  });
});
