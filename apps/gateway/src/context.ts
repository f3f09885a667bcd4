import type { Principal } from '@cairn/identity';

export interface GatewayContext {
  requestId: string;
  principal: Principal;
  /** The caller's identity signed for the subgraphs, made once per request. */
  internalToken: string;
}
