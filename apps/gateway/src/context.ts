import type { Principal } from '@cairn/identity';
import type { RequestOrigin } from './access-log';

export interface GatewayContext {
  requestId: string;
  principal: Principal;
  /** Where the request came from, for the access log. */
  origin: RequestOrigin;
  /** The caller's identity signed for one subgraph. */
  identityFor(subgraph: string): Promise<string>;
  /**
   * Subgraphs this request already failed to reach (timed out, unavailable) on the
   * single-subgraph route: the full pipeline answers with that failure instead of waiting again.
   */
  hopFailures?: Map<string, Error>;
}
