import { createTestDatabase } from '@cairn/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventConsumer } from './consumer';
import { EventLog, START_OF_LOG, type StoredEvent } from './event-log';
import { createEventLogTables } from './migration';

let dataSource: DataSource;
const log = new EventLog('events_test');

async function append(type: string, subjectId: string) {
  await dataSource.transaction((manager) =>
    log.append(manager, { type, subjectType: 'Thing', subjectId, actor: 'tester', payload: { subjectId } }),
  );
}

beforeAll(async () => {
  const db = await createTestDatabase();
  dataSource = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 4 } }).initialize();
  await dataSource.query('CREATE SCHEMA events_test');
  const runner = dataSource.createQueryRunner();
  await createEventLogTables(runner, 'events_test');
  await runner.release();
});

afterAll(() => dataSource?.destroy());

describe('the event log', () => {
  it('is append-only', async () => {
    await append('thing.Created', 'a');
    await expect(
      dataSource.query('UPDATE events_test.event_log SET actor = $1', ['mallory']),
    ).rejects.toThrow(/append-only/);
    await expect(dataSource.query('DELETE FROM events_test.event_log')).rejects.toThrow(/append-only/);
  });

  it('keeps an event only when its transaction commits', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await log.append(manager, {
          type: 'thing.Doomed',
          subjectType: 'Thing',
          subjectId: 'x',
          actor: 't',
          payload: {},
        });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const events = await log.readAfter(dataSource.manager, START_OF_LOG);
    expect(events.map((e) => e.type)).not.toContain('thing.Doomed');
  });

  it('never lets a reader skip an event whose transaction commits late', async () => {
    // A transaction that appended first but commits last must not be passed over.
    const slow = dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    await log.append(slow.manager, {
      type: 'thing.Slow',
      subjectType: 'Thing',
      subjectId: 'slow',
      actor: 't',
      payload: {},
    });
    await append('thing.Fast', 'fast');
    const before = await log.readAfter(dataSource.manager, START_OF_LOG);
    // The fast event is held back while an older transaction is still open.
    expect(before.map((e) => e.subjectId)).not.toContain('fast');
    await slow.commitTransaction();
    await slow.release();
    const after = await log.readAfter(dataSource.manager, START_OF_LOG);
    const subjects = after.map((e) => e.subjectId);
    expect(subjects.indexOf('slow')).toBeGreaterThanOrEqual(0);
    expect(subjects.indexOf('slow')).toBeLessThan(subjects.indexOf('fast'));
  });
});

describe('consumers', () => {
  it('resume from their stored position and apply each event once, even when racing', async () => {
    const seen: string[] = [];
    const make = () =>
      new EventConsumer(dataSource, {
        name: 'counting',
        source: log,
        cursorSchema: 'events_test',
        batchSize: 2,
        handle: async (events: StoredEvent[]) => {
          seen.push(...events.map((e) => e.eventId));
        },
      });
    for (let i = 0; i < 5; i++) await append('thing.Counted', `c${i}`);
    await Promise.all([make().catchUp(), make().catchUp(), make().catchUp()]);
    expect(new Set(seen).size).toBe(seen.length);
    const total = (await log.readAfter(dataSource.manager, START_OF_LOG)).length;
    expect(seen).toHaveLength(total);
    await append('thing.Later', 'later');
    expect(await make().catchUp()).toBe(1);
  });

  it('rewind to an earlier position re-applies what came after it, and never moves forward', async () => {
    const applied: string[] = [];
    const consumer = new EventConsumer(dataSource, {
      name: 'rewinding',
      source: log,
      cursorSchema: 'events_test',
      handle: async (events) => {
        applied.push(...events.map((e) => e.subjectId));
      },
    });
    await consumer.catchUp();
    const head = await log.head(dataSource.manager);
    await append('thing.AfterHead', 'after-head');
    await consumer.catchUp();
    applied.length = 0;
    await consumer.rewindTo(head);
    await consumer.catchUp();
    expect(applied).toEqual(['after-head']);
    await consumer.rewindTo(START_OF_LOG);
    const position = await consumer.position();
    expect(position).toEqual(START_OF_LOG);
    await consumer.rewindTo(head);
    expect(await consumer.position()).toEqual(START_OF_LOG);
  });
});
