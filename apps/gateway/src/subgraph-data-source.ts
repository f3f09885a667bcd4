import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { INTERNAL_IDENTITY_HEADER, REQUEST_ID_HEADER } from '@cairn/identity';
import { GraphQLError } from 'graphql';
import { Agent, request } from 'undici';
import type { GatewayContext } from './context';

/** A failure between the gateway and a subgraph, named so callers can tell it from their own mistakes. */
function subgraphFailure(
  subgraph: string,
  code: 'SUBGRAPH_TIMEOUT' | 'SUBGRAPH_UNAVAILABLE',
  message: string,
) {
  return new GraphQLError(message, { extensions: { code, subgraph } });
}

/** The part of a fetch `Response` that Apollo's data source reads. */
interface SubgraphResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}

function answer(url: string, status: number, contentType: string | null, text: string): SubgraphResponse {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    url,
    headers: { get: (name) => (name.toLowerCase() === 'content-type' ? contentType : null) },
    json: async () => JSON.parse(text),
    text: async () => text,
  };
}

/**
 * The fetch the data source uses: undici's `request` over one keep-alive pool per subgraph.
 * Node's global `fetch` builds WHATWG Request/Response objects and an abort signal per call,
 * which showed as the largest cost of the gateway under load; `request` does without, and its
 * pool enforces the timeout.
 *
 * A subgraph answers input it rejects with HTTP 400 and a GraphQL body carrying a typed code;
 * Apollo's data source would turn any non-2xx status into `INTERNAL_SERVER_ERROR: 400: Bad
 * Request`, so a 4xx GraphQL body is handed on as a 200 and its errors reach the caller as the
 * subgraph wrote them. Failures of the hop itself get their own codes: SUBGRAPH_TIMEOUT and
 * SUBGRAPH_UNAVAILABLE.
 */
export function subgraphFetcher(subgraph: string, timeoutMs: number) {
  const pool = new Agent({ keepAliveTimeout: 60_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  return async (url: string, init?: RequestInit): Promise<SubgraphResponse> => {
    let status: number;
    let contentType: string | null;
    let text: string;
    try {
      const response = await request(url, {
        method: 'POST',
        headers: init?.headers as Record<string, string>,
        body: init?.body as string,
        dispatcher: pool,
      });
      status = response.statusCode;
      const type = response.headers['content-type'];
      contentType = Array.isArray(type) ? (type[0] ?? null) : (type ?? null);
      text = await response.body.text();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        throw subgraphFailure(subgraph, 'SUBGRAPH_TIMEOUT', `The ${subgraph} service did not answer in time`);
      }
      throw subgraphFailure(subgraph, 'SUBGRAPH_UNAVAILABLE', `The ${subgraph} service is unavailable`);
    }
    if (status >= 200 && status < 300) return answer(url, status, contentType, text);
    if (status < 500 && isGraphQLBody(text)) return answer(url, 200, contentType, text);
    throw subgraphFailure(
      subgraph,
      'SUBGRAPH_UNAVAILABLE',
      `The ${subgraph} service failed (HTTP ${status})`,
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
