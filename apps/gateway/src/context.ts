import type { Principal } from '@cairn/identity';

export interface GatewayContext {
  requestId: string;
  principal: Principal;
  /** The caller's identity signed for one subgraph. */
  identityFor(subgraph: string): Promise<string>;
}
