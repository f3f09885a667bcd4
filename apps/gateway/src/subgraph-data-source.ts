import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { INTERNAL_IDENTITY_HEADER, REQUEST_ID_HEADER } from '@cairn/identity';
import { GraphQLError } from 'graphql';
import { Agent, request } from 'undici';
import type { GatewayContext } from './context';

type SubgraphAnswer = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** A failure between the gateway and a subgraph, named so callers can tell it from their own mistakes. */
function subgraphFailure(
  subgraph: string,
  code: 'SUBGRAPH_TIMEOUT' | 'SUBGRAPH_UNAVAILABLE',
  message: string,
) {
  return new GraphQLError(message, { extensions: { code, subgraph } });
}

function graphQLBodyOf(text: string): SubgraphAnswer | undefined {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as SubgraphAnswer)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls one subgraph for the gateway: a JSON POST over a keep-alive pool of its own (undici's
 * `request`), carrying the caller's identity signed for this subgraph alone and the request id.
 *
 * Apollo's `RemoteGraphQLDataSource` builds node-fetch `Headers` and `Request` objects for every
 * call, and Node's global `fetch` WHATWG ones plus an abort signal; under load those were the
 * largest cost of the gateway. This data source does without: the pool enforces the timeout.
 *
 * A subgraph answers input it rejects with HTTP 400 and a GraphQL body carrying a typed code;
 * that body is handed on as it is, so its errors reach the caller as the subgraph wrote them.
 * Failures of the hop itself get their own codes: SUBGRAPH_TIMEOUT and SUBGRAPH_UNAVAILABLE.
 */
export class CairnSubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly pool: Agent;

  constructor(
    readonly subgraph: string,
    private readonly url: string,
    timeoutMs: number,
  ) {
    this.pool = new Agent({ keepAliveTimeout: 60_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  async process({
    request: operation,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphAnswer> {
    if (!operation.query) throw new Error('Missing query');
    const failed =
      'requestId' in context ? (context as GatewayContext).hopFailures?.get(this.subgraph) : undefined;
    if (failed) throw failed;
    const body = JSON.stringify({
      query: operation.query,
      variables: operation.variables,
      operationName: operation.operationName,
      extensions: operation.extensions,
    });
    // Health checks and schema loading run without a caller; every operation has one.
    const { status, text } = await this.post(
      body,
      'requestId' in context ? (context as GatewayContext) : undefined,
    );
    const answer = status < 500 ? graphQLBodyOf(text) : undefined;
    if (answer && (status < 300 || Array.isArray(answer.errors))) return answer;
    throw subgraphFailure(
      this.subgraph,
      'SUBGRAPH_UNAVAILABLE',
      `The ${this.subgraph} service failed (HTTP ${status})`,
    );
  }

  /**
   * One POST of a GraphQL body to the subgraph, for the caller of `context` when there is one;
   * a hop that fails or times out is a SUBGRAPH_UNAVAILABLE or SUBGRAPH_TIMEOUT error.
   */
  async post(body: string, context: GatewayContext | undefined): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (context) {
      headers[REQUEST_ID_HEADER] = context.requestId;
      headers[INTERNAL_IDENTITY_HEADER] = await context.identityFor(this.subgraph);
    }
    try {
      const response = await request(this.url, { method: 'POST', headers, body, dispatcher: this.pool });
      return { status: response.statusCode, text: await response.body.text() };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        throw subgraphFailure(
          this.subgraph,
          'SUBGRAPH_TIMEOUT',
          `The ${this.subgraph} service did not answer in time`,
        );
      }
      throw subgraphFailure(
        this.subgraph,
        'SUBGRAPH_UNAVAILABLE',
        `The ${this.subgraph} service is unavailable`,
      );
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
