import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { INTERNAL_IDENTITY_HEADER, REQUEST_ID_HEADER } from '@cairn/identity';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context';

/** A failure between the gateway and a subgraph, named so callers can tell it from their own mistakes. */
function subgraphFailure(
  subgraph: string,
  code: 'SUBGRAPH_TIMEOUT' | 'SUBGRAPH_UNAVAILABLE',
  message: string,
) {
  return new GraphQLError(message, { extensions: { code, subgraph } });
}

/**
 * The fetch the data source uses. A subgraph answers input it rejects with HTTP 400 and a
 * GraphQL body carrying a typed code; Apollo's data source would turn any non-2xx status into
 * `INTERNAL_SERVER_ERROR: 400: Bad Request`, so a 4xx GraphQL body is handed on as a 200 and its
 * errors reach the caller as the subgraph wrote them. Failures of the hop itself get their own
 * codes: SUBGRAPH_TIMEOUT and SUBGRAPH_UNAVAILABLE.
 */
export function subgraphFetcher(subgraph: string, timeoutMs: number) {
  return async (url: string, init?: RequestInit): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw subgraphFailure(subgraph, 'SUBGRAPH_TIMEOUT', `The ${subgraph} service did not answer in time`);
      }
      throw subgraphFailure(subgraph, 'SUBGRAPH_UNAVAILABLE', `The ${subgraph} service is unavailable`);
    }
    if (response.ok) return response;
    const text = await response.text();
    if (response.status < 500 && isGraphQLBody(text)) {
      return new Response(text, { status: 200, headers: response.headers });
    }
    throw subgraphFailure(
      subgraph,
      'SUBGRAPH_UNAVAILABLE',
      `The ${subgraph} service failed (HTTP ${response.status})`,
    );
  };
}

function isGraphQLBody(text: string): boolean {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null && Array.isArray((body as { errors?: unknown }).errors);
  } catch {
    return false;
  }
}

/**
 * Calls a subgraph over keep-alive connections (Node's fetch pools them) and hands it the
 * caller's identity, signed for that subgraph alone, plus the request id.
 */
export class CairnSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    timeoutMs: number,
  ) {
    super({ url, fetcher: subgraphFetcher(subgraph, timeoutMs) as never });
  }

  override async willSendRequest({
    request,
    context,
  }: Parameters<RemoteGraphQLDataSource<GatewayContext>['willSendRequest'] & {}>[0]) {
    if (!('requestId' in context)) return;
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    request.http?.headers.set(INTERNAL_IDENTITY_HEADER, await context.identityFor(this.subgraph));
  }
}
