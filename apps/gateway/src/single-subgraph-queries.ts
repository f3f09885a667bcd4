import type { QueryPlan } from '@apollo/query-planner';
import type { GraphQLShortcut } from '@cairn/http-server';
import {
  type GraphQLMetrics,
  operationLabel,
  rootFieldLabel,
  type ServiceMetrics,
} from '@cairn/service-metrics';
import {
  type DocumentNode,
  type GraphQLSchema,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  type VariableDefinitionNode,
  visit,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import type { GatewayContext } from './context';
import type { CairnSubgraphDataSource } from './subgraph-data-source';

/**
 * A query the gateway has answered before whose whole plan is one fetch from one subgraph,
 * asking that subgraph for exactly what the client asked for. Such a query can be forwarded to
 * the subgraph and its answer handed back as it is, without Apollo's request pipeline, plan
 * execution and result shaping, which were about half of the gateway's CPU per request.
 */
export interface SingleSubgraphRoute {
  subgraph: string;
  /** The operation the plan sends to the subgraph, and its name (`<client name>__<subgraph>__0`). */
  operation: string;
  operationName: string | undefined;
  /** The client's declared variables, coerced against the gateway's API schema on every call. */
  variableDefinitions: readonly VariableDefinitionNode[];
  /** The variables the subgraph operation uses: only those are sent, as the plan would. */
  variableUsages: readonly string[];
  /** The estimated cost, when it cannot depend on the variables; otherwise estimated per call. */
  fixedCost: number | undefined;
  document: DocumentNode;
  clientOperationName: string | undefined;
  /** Labels for the request metrics, as the GraphQL metrics plugin would give them. */
  metricLabels: { operation: string; rootField: string };
}

/** What the plan callback knows about a request whose plan was just resolved. */
export interface PlannedRequest {
  query: string | undefined;
  operationName: string | undefined;
  /** The variables it was planned with (the cost estimate coerces them). */
  variables: Record<string, unknown> | undefined;
  /** Persisted-query and other extensions: such requests are never remembered. */
  extensions: Record<string, unknown> | undefined;
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/** A parsed POST body that may take the single-subgraph route. */
export interface RoutableBody {
  route: SingleSubgraphRoute;
  variables: Record<string, unknown>;
}

export type CostEstimate = (
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { operationName?: string; variables?: Record<string, unknown> },
) => number;

const REMEMBERED_ROUTES = 1000;

const keyOf = (query: string, operationName: string | undefined | null) => `${operationName ?? ''}\n${query}`;

/**
 * True when a variable can change the estimated cost: a page size (`first`) or a directive
 * (`@include`/`@skip` decide whether a selection counts) taking a variable.
 */
function costDependsOnVariables(operation: OperationDefinitionNode): boolean {
  let depends = false;
  visit(operation, {
    Argument(node, _key, parent) {
      if (node.value.kind !== Kind.VARIABLE) return;
      const owner = parent && !Array.isArray(parent) ? (parent as { kind?: string }).kind : undefined;
      if (node.name.value === 'first' || owner === Kind.DIRECTIVE) depends = true;
    },
  });
  return depends;
}

/**
 * Remembers, per query text and operation name, the queries that may take the single-subgraph
 * route, learned from the plans the gateway resolves (which only happens once a request has
 * passed validation, the depth, alias and directive limits, and the cost limit).
 *
 * A plan qualifies only when it is a single fetch of a query with no requirements or rewrites,
 * from a document without fragments, whose selection set printed is the client's selection set
 * printed: so the subgraph's `data` is exactly the response the gateway would have shaped. Any
 * answer that is not plain data (errors, extensions, a failed hop) is not handed back: the
 * caller then goes through the full pipeline, which answers it as it always has. Queries do not
 * change state, so asking again is safe.
 */
export class SingleSubgraphQueries {
  private readonly routes = new LRUCache<string, SingleSubgraphRoute>({ max: REMEMBERED_ROUTES });
  /** Single fetches whose selection is not the client's: never routed, remembered so. */
  private readonly refused = new LRUCache<string, true>({ max: REMEMBERED_ROUTES });
  private apiSchema: GraphQLSchema | undefined;

  constructor(private readonly estimateCost: CostEstimate) {}

  /** A new API schema makes every route learned for the old one invalid. */
  useSchema(apiSchema: GraphQLSchema): void {
    this.apiSchema = apiSchema;
    this.routes.clear();
    this.refused.clear();
  }

  learn(plan: QueryPlan, request: PlannedRequest): void {
    const node = plan.node;
    if (!this.apiSchema || request.query === undefined || request.extensions) return;
    if (request.operation.operation !== 'query' || node?.kind !== 'Fetch') return;
    if (node.operationKind !== 'query' || node.requires || node.hasDefers) return;
    if (node.inputRewrites?.length || node.outputRewrites?.length || node.contextRewrites?.length) return;
    if (request.document.definitions.some((d) => d.kind === Kind.FRAGMENT_DEFINITION)) return;
    const key = keyOf(request.query, request.operationName);
    // Known either way: the pipeline runs for every request of a refused document (and for
    // fallbacks), and comparing the selections each time would add to its cost.
    if (this.routes.has(key) || this.refused.has(key)) return;
    let fetched: OperationDefinitionNode | undefined;
    try {
      fetched = parse(node.operation, { noLocation: true }).definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
    } catch {
      fetched = undefined;
    }
    if (!fetched || print(fetched.selectionSet) !== print(request.operation.selectionSet)) {
      this.refused.set(key, true);
      return;
    }
    // Estimated once here when no variable can change it; the cost limit let this request through.
    let fixedCost: number | undefined;
    try {
      fixedCost = costDependsOnVariables(request.operation)
        ? undefined
        : this.estimateCost(this.apiSchema, request.document, {
            operationName: request.operationName,
            variables: request.variables,
          });
    } catch {
      return;
    }
    this.routes.set(key, {
      subgraph: node.serviceName,
      operation: node.operation,
      operationName: node.operationName,
      variableDefinitions: request.operation.variableDefinitions ?? [],
      variableUsages: node.variableUsages ?? [],
      fixedCost,
      document: request.document,
      clientOperationName: request.operationName,
      metricLabels: {
        operation: operationLabel(request.operation.name?.value),
        rootField: rootFieldLabel(request.operation),
      },
    });
  }

  /**
   * The route for a POST body, if it has one and its variables are valid for the API schema
   * and keep it under the cost limit; undefined sends the request through the full pipeline,
   * which answers any mistake in it as it always has.
   */
  routeFor(body: unknown, maxCost: number): RoutableBody | undefined {
    if (!this.apiSchema || this.routes.size === 0) return undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    const { query, variables, operationName, ...rest } = body as Record<string, unknown>;
    if (typeof query !== 'string' || Object.keys(rest).length > 0) return undefined;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
      return undefined;
    const route = this.routes.get(keyOf(query, operationName));
    if (!route) return undefined;
    if (
      variables !== undefined &&
      variables !== null &&
      (typeof variables !== 'object' || Array.isArray(variables))
    ) {
      return undefined;
    }
    const given = (variables ?? {}) as Record<string, unknown>;
    const coerced = getVariableValues(this.apiSchema, route.variableDefinitions, given);
    if (coerced.errors) return undefined;
    let cost = route.fixedCost;
    try {
      cost ??= this.estimateCost(this.apiSchema, route.document, {
        operationName: route.clientOperationName,
        variables: given,
      });
    } catch {
      return undefined;
    }
    if (cost > maxCost) return undefined;
    const sent: Record<string, unknown> = {};
    for (const name of route.variableUsages) if (name in given) sent[name] = given[name];
    return { route, variables: sent };
  }
}

/**
 * The subgraph's answer, when it is plain data the caller can have as it is: an object whose
 * only member is a non-null `data`. Anything else (errors, extensions, not JSON) is undefined.
 */
export function plainData(status: number, text: string): string | undefined {
  if (status !== 200) return undefined;
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return undefined;
  const keys = Object.keys(answer);
  const data = (answer as { data?: unknown }).data;
  return keys.length === 1 && keys[0] === 'data' && typeof data === 'object' && data !== null
    ? text
    : undefined;
}

/** Apollo answers these `accept` headers with `application/json`, as the shortcut does. */
const PLAIN_JSON_ACCEPT = /^\s*(?:\*\/\*|application\/json(?:\s*;\s*charset=utf-8)?)\s*$/i;

/**
 * The gateway's `/graphql` shortcut: a remembered single-subgraph query is sent straight to its
 * subgraph, for the caller of the context the gateway built (authenticated, rate limited), and a
 * plain data answer is the response. Everything else, including a hop that fails, falls back to
 * Apollo's pipeline.
 */
export function singleSubgraphShortcut(options: {
  queries: SingleSubgraphQueries;
  sources: ReadonlyMap<string, CairnSubgraphDataSource>;
  maxCost: number;
  metrics: { service: ServiceMetrics; graphql: GraphQLMetrics } | undefined;
}): GraphQLShortcut<GatewayContext> {
  const { queries, sources, maxCost, metrics } = options;
  const routed = metrics
    ? new Counter({
        name: 'cairn_gateway_single_subgraph_requests_total',
        help: 'Queries sent straight to one subgraph: answered from its plain data, or handed back to the full pipeline',
        labelNames: ['outcome'],
        registers: [metrics.service.registry],
      })
    : undefined;
  return async (body, headers, context) => {
    const accept = headers.accept;
    if (accept !== undefined && !PLAIN_JSON_ACCEPT.test(accept)) return undefined;
    const routable = queries.routeFor(body, maxCost);
    const source = routable && sources.get(routable.route.subgraph);
    if (!routable || !source) return undefined;
    const { route, variables } = routable;
    const started = performance.now();
    try {
      const sent = JSON.stringify({ query: route.operation, variables, operationName: route.operationName });
      const { status, text } = await source.post(sent, context);
      const data = plainData(status, text);
      if (data !== undefined) {
        const seconds = (performance.now() - started) / 1000;
        metrics?.graphql.record(route.metricLabels.operation, route.metricLabels.rootField, seconds, []);
      }
      routed?.inc({ outcome: data === undefined ? 'handed_back' : 'answered' });
      return data;
    } catch (error) {
      // The pipeline answers a failed hop with the same typed error, without a second wait.
      if (error instanceof Error) {
        context.hopFailures ??= new Map();
        context.hopFailures.set(route.subgraph, error);
      }
      routed?.inc({ outcome: 'handed_back' });
      return undefined;
    }
  };
}
