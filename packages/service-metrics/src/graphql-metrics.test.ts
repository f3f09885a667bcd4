import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  GraphQLMetrics,
  MAX_OPERATION_LABELS,
  OTHER,
  operationLabel,
  rootFieldLabel,
} from './graphql-metrics';
import { ServiceMetrics } from './registry';

async function labelValues(metrics: ServiceMetrics, label: string): Promise<Set<string>> {
  const metric = await metrics.registry.getSingleMetric('cairn_graphql_requests_total')!.get();
  return new Set(metric.values.map((v) => String(v.labels[label])));
}

describe('GraphQL metric labels', () => {
  it("names an operation by the client's name, without the gateway's fetch suffix", () => {
    expect(operationLabel('ModelDetail')).toBe('ModelDetail');
    expect(operationLabel('ModelDetail__registry__0')).toBe('ModelDetail');
    expect(operationLabel('ModelDetail__governance__12')).toBe('ModelDetail');
    expect(operationLabel(undefined)).toBe(OTHER);
    expect(operationLabel('')).toBe(OTHER);
    expect(operationLabel('x'.repeat(101))).toBe(OTHER);
    expect(operationLabel('not a name')).toBe(OTHER);
  });

  it('takes the first root field by name, not by alias', () => {
    const operation = (source: string) => {
      const definition = parse(source).definitions[0];
      return definition?.kind === 'OperationDefinition' ? definition : undefined;
    };
    expect(
      rootFieldLabel(operation('query Q { v: modelVersion(id: "1") { id } models { totalCount } }')),
    ).toBe('modelVersion');
    expect(rootFieldLabel(operation('{ ... on Query { models { totalCount } } }'))).toBe(OTHER);
    expect(rootFieldLabel(undefined)).toBe(OTHER);
  });

  it(`keeps at most ${MAX_OPERATION_LABELS} operation names; later ones count as "${OTHER}"`, async () => {
    const metrics = new ServiceMetrics('test');
    const graphql = new GraphQLMetrics(metrics);
    for (let i = 0; i < MAX_OPERATION_LABELS + 50; i++) graphql.record(`Operation${i}`, 'models', 0.01, []);
    graphql.record('Operation0', 'models', 0.01, []);
    const operations = await labelValues(metrics, 'operation');
    expect(operations.size).toBe(MAX_OPERATION_LABELS + 1);
    expect(operations.has(OTHER)).toBe(true);
    expect(operations.has(`Operation${MAX_OPERATION_LABELS}`)).toBe(false);
    const text = (await metrics.scrape()).body;
    expect(text).toContain(
      `cairn_graphql_requests_total{operation="${OTHER}",root_field="models",outcome="ok",service="test"} 50`,
    );
    expect(text).toContain(
      'cairn_graphql_requests_total{operation="Operation0",root_field="models",outcome="ok",service="test"} 2',
    );
  });

  it('tells server failures from answers to bad requests, and bounds error codes', async () => {
    const metrics = new ServiceMetrics('test');
    const graphql = new GraphQLMetrics(metrics);
    graphql.record('Q', 'models', 0.01, ['NOT_FOUND']);
    graphql.record('Q', 'models', 0.01, ['NOT_FOUND', 'SUBGRAPH_TIMEOUT']);
    graphql.record('Q', 'models', 0.01, [], 502);
    graphql.record('Q', 'models', 0.01, ['SOMETHING_NEW', 42]);
    const text = (await metrics.scrape()).body;
    expect(text).toContain('outcome="client_error",service="test"} 2');
    expect(text).toContain('outcome="server_error",service="test"} 2');
    expect(text).toContain('cairn_graphql_errors_total{code="OTHER",service="test"} 2');
    expect(text).not.toContain('SOMETHING_NEW');
  });
});
