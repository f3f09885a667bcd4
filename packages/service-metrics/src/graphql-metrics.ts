import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { Counter, Histogram } from 'prom-client';
import type { ServiceMetrics } from './registry';

/** What every operation that cannot be named in a bounded way is counted as. */
export const OTHER = 'other';

/** Distinct (operation, root field) pairs a service labels before new ones count as `other`. */
export const MAX_OPERATION_LABELS = 200;

/** Seconds; 0.25 and 1 are the SLO thresholds (`docs/slos.md`), so they must stay buckets. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Codes that mean Cairn failed rather than the caller: they count against availability. Input,
 * permission and not-found errors are answers, not failures.
 */
export const SERVER_ERROR_CODES: ReadonlySet<string> = new Set([
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
  'SEARCH_UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'SUBGRAPH_TIMEOUT',
  'SUBGRAPH_UNAVAILABLE',
]);

/** Codes Cairn answers with; anything else is counted as `OTHER`, so the label stays bounded. */
const KNOWN_CODES: ReadonlySet<string> = new Set([
  ...SERVER_ERROR_CODES,
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'FAILED_PRECONDITION',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
]);

type Outcome = 'ok' | 'client_error' | 'server_error';

interface Series {
  duration: Histogram.Internal<'operation' | 'root_field'>;
  outcomes: Record<Outcome, Counter.Internal>;
}

/** A GraphQL name, short enough to be a label value. */
const LABEL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
/** The gateway names its subgraph fetches `<client operation>__<subgraph>__<n>`. */
const SUBGRAPH_FETCH_SUFFIX = /__[_0-9A-Za-z]+?__\d+$/;

/** The client's operation name as a label: the gateway's fetch suffix removed; unnamed is `other`. */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return OTHER;
  const base = name.replace(SUBGRAPH_FETCH_SUFFIX, '');
  return LABEL_NAME.test(base) ? base : OTHER;
}

/** The first root field's name (not its alias): bounded by the schema, as validation has run. */
export function rootFieldLabel(operation: OperationDefinitionNode | undefined): string {
  const first = operation?.selectionSet.selections[0];
  return first?.kind === Kind.FIELD ? first.name.value : OTHER;
}

/**
 * Request rate, outcomes and latency per GraphQL operation, plus errors by code. The label
 * values are bounded: the root field comes from the validated document (so from the schema), the
 * operation name is the client's, so only the first `MAX_OPERATION_LABELS` pairs get their own
 * series and later ones, anonymous operations and requests that never resolved to an operation
 * are `other`. The series of a pair are created once and kept, so a request costs two map
 * lookups, one counter increment and one histogram observation.
 */
export class GraphQLMetrics {
  private readonly requests: Counter<'operation' | 'root_field' | 'outcome'>;
  private readonly duration: Histogram<'operation' | 'root_field'>;
  private readonly errors: Counter<'code'>;
  private readonly series = new Map<string, Map<string, Series>>();
  private pairs = 0;

  constructor(metrics: ServiceMetrics) {
    const registers = [metrics.registry];
    this.requests = new Counter({
      name: 'cairn_graphql_requests_total',
      help: 'GraphQL requests by operation name, first root field and outcome (ok, client_error, server_error)',
      labelNames: ['operation', 'root_field', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'cairn_graphql_request_duration_seconds',
      help: 'Time from the start of a GraphQL request to its response, by operation name and first root field',
      labelNames: ['operation', 'root_field'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'cairn_graphql_errors_total',
      help: 'Errors in GraphQL responses by extensions.code',
      labelNames: ['code'],
      registers,
    });
  }

  private seriesFor(operation: string, rootField: string): Series {
    let byField = this.series.get(operation);
    let found = byField?.get(rootField);
    if (found) return found;
    if (this.pairs >= MAX_OPERATION_LABELS && operation !== OTHER) return this.seriesFor(OTHER, rootField);
    if (!byField) {
      byField = new Map();
      this.series.set(operation, byField);
    }
    found = {
      duration: this.duration.labels(operation, rootField),
      outcomes: {
        ok: this.requests.labels(operation, rootField, 'ok'),
        client_error: this.requests.labels(operation, rootField, 'client_error'),
        server_error: this.requests.labels(operation, rootField, 'server_error'),
      },
    };
    byField.set(rootField, found);
    if (operation !== OTHER) this.pairs += 1;
    return found;
  }

  /** Counts one answered request; `codes` are its errors' `extensions.code`. */
  record(
    operation: string,
    rootField: string,
    seconds: number | null,
    codes: readonly unknown[],
    httpStatus?: number,
  ) {
    let outcome: Outcome = codes.length > 0 ? 'client_error' : 'ok';
    for (const code of codes) {
      const label = typeof code === 'string' && KNOWN_CODES.has(code) ? code : 'OTHER';
      this.errors.inc({ code: label });
      if (SERVER_ERROR_CODES.has(label)) outcome = 'server_error';
    }
    if (httpStatus !== undefined && httpStatus >= 500) outcome = 'server_error';
    const series = this.seriesFor(operation, rootField);
    series.outcomes[outcome].inc();
    if (seconds !== null) series.duration.observe(seconds);
  }

  /** The Apollo plugin that feeds these metrics. */
  plugin<C extends BaseContext>(): ApolloServerPlugin<C> {
    const metrics = this;
    return {
      async contextCreationDidFail({ error }) {
        // Refused before GraphQL ran (sign-in, rate limit): counted, without a duration.
        const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
        metrics.record(OTHER, OTHER, null, [code ?? 'INTERNAL_SERVER_ERROR']);
      },
      async requestDidStart() {
        const started = performance.now();
        return {
          async willSendResponse(request: GraphQLRequestContext<C>) {
            const body = request.response.body;
            const errors = body?.kind === 'single' ? body.singleResult.errors : undefined;
            const codes = errors ? errors.map((error) => error.extensions?.code) : [];
            const operation = request.operation;
            metrics.record(
              operation ? operationLabel(request.operationName) : OTHER,
              rootFieldLabel(operation),
              (performance.now() - started) / 1000,
              codes,
              request.response.http.status,
            );
          },
        };
      },
    };
  }
}
