import { EventConsumer, EventLog, pollContinuously } from '@cairn/event-log';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { checkReadiness } from './readiness';

const logger = pino({ level: 'silent' });

describe('checkReadiness', () => {
  it('answers 503 when the database is unreachable, whatever else is up', async () => {
    // Never initialised: every query fails as it would with the server gone.
    const dataSource = new DataSource({ type: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' });
    const consumer = new EventConsumer(dataSource, {
      name: 'never-polled',
      source: new EventLog('registry'),
      cursorSchema: 'registry',
      handle: async () => undefined,
    });
    const poller = pollContinuously(
      { catchUp: async () => 0 },
      { intervalMs: 60_000, onError: () => undefined },
    );
    await poller.stop();
    const { httpStatus, report } = await checkReadiness({
      service: 'registry',
      dataSource,
      consumers: [{ consumer, poller }],
      health: async () => [{ name: 'search:elasticsearch', status: 'up' }],
      logger,
    });
    expect(httpStatus).toBe(503);
    expect(report).toEqual({
      status: 'unavailable',
      service: 'registry',
      reasons: ['database unreachable'],
      checks: [{ name: 'database', status: 'down', reason: 'database unreachable' }],
    });
  });
});
