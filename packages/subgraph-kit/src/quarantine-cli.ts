import { userInfo } from 'node:os';
import type { SubgraphConfig } from '@cairn/config';
import type { Logger } from 'pino';
import type { BaseContext } from './context';
import type { SubgraphModule } from './runtime';

function operatorName(): string {
  try {
    return `operator:${userInfo().username}`;
  } catch {
    // Containers often run as a uid without a passwd entry.
    return 'operator';
  }
}

export const QUARANTINE_COMMANDS = ['quarantined', 'replay-quarantined'] as const;

/**
 * `quarantined [consumer]` lists the events waiting for an operator, one JSON object a line;
 * `replay-quarantined <consumer> <eventId>` applies one again and marks it replayed. Both wire
 * the subgraph as the server would, without serving or polling. Returns the exit code.
 */
export async function runQuarantineCommand<C extends BaseContext>(
  module: SubgraphModule<C>,
  config: SubgraphConfig,
  logger: Logger,
  [command, consumerName, eventId]: string[],
): Promise<number> {
  const dataSource = await module.createDataSource(config.DATABASE_URL, 2).initialize();
  const wiring = module.wire(dataSource, config);
  try {
    const consumers = wiring.consumers ?? [];
    const selected = consumers.filter((c) => !consumerName || c.name === consumerName);
    if (selected.length === 0) {
      console.error(
        `No consumer "${consumerName}". ${module.name} has: ${consumers.map((c) => c.name).join(', ')}`,
      );
      return 2;
    }
    if (command === 'quarantined') {
      for (const consumer of selected) {
        for (const row of await consumer.quarantined()) process.stdout.write(`${JSON.stringify(row)}\n`);
      }
      return 0;
    }
    if (!consumerName || !eventId) {
      console.error('Usage: replay-quarantined <consumer> <eventId>');
      return 2;
    }
    try {
      const replayed = await selected[0]!.replayQuarantined(eventId, operatorName());
      process.stdout.write(`${JSON.stringify(replayed)}\n`);
      return 0;
    } catch (error) {
      logger.error(
        { err: error, consumer: consumerName, eventId },
        'replay failed; the event stays quarantined',
      );
      return 1;
    }
  } finally {
    await wiring.close?.();
    await dataSource.destroy();
  }
}
