import {
  EventApplyError,
  EventConsumer,
  type EventConsumerOptions,
  QuarantinedEventNotFoundError,
  type StoredEvent,
  TransientError,
} from '@cairn/event-log';
import { registrySubgraph } from '@cairn/registry';
import { createTestDatabase, migrateSubgraphs } from '@cairn/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryDataSource, REGISTRY_SCHEMA, registryEventLog } from '../src/data-source';

/**
 * Consumers against the registry's real migrations (event log, cursor, quarantine). Each test
 * appends its own events, tagged with the test's name, and its consumer ignores the others.
 */
let dataSource: DataSource;

beforeAll(async () => {
  const db = await createTestDatabase();
  await migrateSubgraphs(db.url, [registrySubgraph]);
  dataSource = await createRegistryDataSource(db.url, 4).initialize();
  await dataSource.query(
    'CREATE TABLE public.applied (test text NOT NULL, n int NOT NULL, PRIMARY KEY (test, n))',
  );
});

afterAll(() => dataSource?.destroy());

async function append(test: string, ...events: { n: number; poison?: boolean }[]): Promise<StoredEvent[]> {
  for (const payload of events) {
    await dataSource.transaction((manager) =>
      registryEventLog.append(manager, {
        type: payload.poison ? 'test.Poison' : 'test.Thing',
        subjectType: 'Thing',
        subjectId: `${test}-${payload.n}`,
        actor: 'tester',
        payload: { test, ...payload },
      }),
    );
  }
  const all = await registryEventLog.readAfter(dataSource.manager, { txId: '0', id: '0' }, 10_000);
  return all.filter((e) => e.payload.test === test);
}

async function applied(test: string): Promise<number[]> {
  const rows: { n: number }[] = await dataSource.query(
    'SELECT n FROM public.applied WHERE test = $1 ORDER BY n',
    [test],
  );
  return rows.map((r) => r.n);
}

/** Records each event of `test`; fails on poison events while `state.broken`. */
function consumerFor(
  test: string,
  state: { broken: boolean; down?: boolean },
  options: Partial<EventConsumerOptions> = {},
): EventConsumer {
  return new EventConsumer(dataSource, {
    name: `test:${test}`,
    source: registryEventLog,
    cursorSchema: REGISTRY_SCHEMA,
    maxAttempts: 2,
    ...options,
    handle: async (events: StoredEvent[], manager: EntityManager) => {
      for (const event of events) {
        if (event.payload.test !== test) continue;
        if (state.down) throw new TransientError('the downstream service is unreachable');
        if (event.payload.poison && state.broken) throw new Error(`cannot apply ${event.subjectId}`);
        // Idempotent, as consumers outside a transaction must be: a failed batch is read again.
        await manager.query('INSERT INTO public.applied (test, n) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          test,
          event.payload.n,
        ]);
      }
    },
  });
}

describe('a consumer meeting an event it cannot apply', () => {
  it.each(['in-transaction', 'outside-transaction'] as const)(
    'retries it, then quarantines it with the reason and keeps applying later events (%s)',
    async (delivery) => {
      const test = `poison-${delivery}`;
      const state = { broken: true };
      const consumer = consumerFor(test, state, { delivery, batchSize: 10 });
      const events = await append(test, { n: 1 }, { n: 2, poison: true }, { n: 3 }, { n: 4 });
      const poison = events[1]!;

      // First attempt: the batch fails, the events before the poison one are applied alone.
      const first = await consumer.catchUp().catch((error: unknown) => error);
      expect(first).toBeInstanceOf(EventApplyError);
      expect((first as EventApplyError).event.eventId).toBe(poison.eventId);
      expect(await applied(test)).toEqual([1]);
      expect((await consumer.health()).failing).toMatchObject({ eventId: poison.eventId, attempts: 1 });

      // Second and last attempt: quarantined, and the consumer moves on.
      await consumer.catchUp();
      expect(await applied(test)).toEqual([1, 3, 4]);
      const [quarantined, ...others] = await consumer.quarantined();
      expect(others).toEqual([]);
      expect(quarantined).toMatchObject({
        consumer: `test:${test}`,
        sourceLog: 'registry',
        attempts: 2,
        replayedAt: null,
        event: {
          eventId: poison.eventId,
          type: 'test.Poison',
          subjectId: `${test}-2`,
          position: poison.position,
        },
      });
      expect(quarantined!.reason).toContain(`cannot apply ${test}-2`);
      const health = await consumer.health();
      expect(health).toMatchObject({ quarantined: 1, lag: 0, failing: null });

      // Still broken: the replay fails and the event stays quarantined, with the new attempt.
      await expect(consumer.replayQuarantined(poison.eventId, 'admin@test')).rejects.toThrow('cannot apply');
      expect((await consumer.quarantined())[0]).toMatchObject({ attempts: 3, replayedAt: null });

      // Fixed: an operator replays it; the row is kept and marked.
      state.broken = false;
      const replayed = await consumer.replayQuarantined(poison.eventId, 'admin@test');
      expect(replayed).toMatchObject({ replayedBy: 'admin@test' });
      expect(replayed.replayedAt).toBeInstanceOf(Date);
      expect(await applied(test)).toEqual([1, 2, 3, 4]);
      expect(await consumer.quarantined()).toEqual([]);
      expect(await consumer.quarantined({ includeReplayed: true })).toHaveLength(1);
      expect((await consumer.health()).quarantined).toBe(0);
      await expect(consumer.replayQuarantined(poison.eventId, 'admin@test')).rejects.toBeInstanceOf(
        QuarantinedEventNotFoundError,
      );
    },
  );

  it('never quarantines on a transient failure, and catches up once it clears', async () => {
    const test = 'transient';
    const state = { broken: false, down: true };
    const consumer = consumerFor(test, state, { maxAttempts: 1 });
    await append(test, { n: 1 }, { n: 2 });
    for (let i = 0; i < 3; i++) await expect(consumer.catchUp()).rejects.toBeInstanceOf(TransientError);
    expect(await consumer.quarantined()).toEqual([]);
    expect((await consumer.health()).failing).toBeNull();
    expect(await applied(test)).toEqual([]);

    state.down = false;
    await consumer.catchUp();
    expect(await applied(test)).toEqual([1, 2]);
    expect((await consumer.health()).lag).toBe(0);
  });

  it('outside a transaction, never moves the cursor back over a replica that got further', async () => {
    const test = 'replicas';
    let batches = 0;
    const replica = consumerFor(test, { broken: false }, { delivery: 'outside-transaction', batchSize: 2 });
    const slow = new EventConsumer(dataSource, {
      name: `test:${test}`,
      source: registryEventLog,
      cursorSchema: REGISTRY_SCHEMA,
      delivery: 'outside-transaction',
      batchSize: 2,
      handle: async () => {
        batches += 1;
        // While this replica works on its first batch, another one catches up to the head.
        if (batches === 1) await replica.catchUp();
      },
    });
    await append(test, { n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 });
    await slow.catchUp();
    // Had its first batch moved the cursor back, it would have read everything after it again.
    expect(batches).toBe(1);
    expect(await slow.position()).toEqual(await registryEventLog.head(dataSource.manager));
    expect(await applied(test)).toEqual([1, 2, 3, 4, 5]);
  });
});
