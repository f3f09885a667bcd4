import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { INTERNAL_IDENTITY_HEADER, REQUEST_ID_HEADER } from '@cairn/identity';
import type { GatewayContext } from './context';

/**
 * Calls a subgraph over keep-alive connections (Node's fetch pools them) and hands it the
 * caller's identity as a short-lived token signed by the gateway, plus the request id.
 */
export class CairnSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string) {
    super({ url, fetcher: fetch as never });
  }

  override willSendRequest({
    request,
    context,
  }: Parameters<RemoteGraphQLDataSource<GatewayContext>['willSendRequest'] & {}>[0]) {
    if (!('requestId' in context)) return;
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    request.http?.headers.set(INTERNAL_IDENTITY_HEADER, context.internalToken);
  }
}
