import type { Principal } from '@cairn/identity';
import type { RequestOrigin } from './access-log';

export interface GatewayContext {
  requestId: string;
  principal: Principal;
  /** Where the request came from, for the access log. */
  origin: RequestOrigin;
  /** The caller's identity signed for one subgraph. */
  identityFor(subgraph: string): Promise<string>;
}
