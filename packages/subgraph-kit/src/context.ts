import type { Principal } from '@cairn/identity';
import type { Logger } from 'pino';

/** What every subgraph resolver receives; subgraphs extend it with their services and loaders. */
export interface BaseContext {
  principal: Principal;
  requestId: string;
  logger: Logger;
}
