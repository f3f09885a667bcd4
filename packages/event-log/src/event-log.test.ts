import { createTestDatabase } from '@cairn/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventConsumer } from './consumer';
import { EventLog, START_OF_LOG, type StoredEvent } from './event-log';

/**
 * The tables as every subgraph's first migration creates them, in a scratch schema: the log
 * code is tested on its own here, while `apps/stack/test/migrations.test.ts` checks the migrations.
 */
const EVENT_LOG_DDL = `
  CREATE SCHEMA events_test;
  CREATE TABLE events_test.event_log (
    id bigserial PRIMARY KEY,
    tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    event_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    type text NOT NULL,
    subject_type text NOT NULL,
    subject_id text NOT NULL,
    actor text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}'::jsonb,
    occurred_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX event_log_position_idx ON events_test.event_log (tx_id, id);
  CREATE INDEX event_log_subject_idx ON events_test.event_log (subject_type, subject_id, id);
  CREATE FUNCTION events_test.event_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'event_log is append-only';
  END $$;
  CREATE TRIGGER event_log_append_only BEFORE UPDATE OR DELETE ON events_test.event_log
  FOR EACH ROW EXECUTE FUNCTION events_test.event_log_is_append_only();
  CREATE TABLE events_test.event_cursor (
    consumer text PRIMARY KEY,
    tx_id xid8 NOT NULL DEFAULT '0',
    event_log_id bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
  );`;

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
  await dataSource.query(EVENT_LOG_DDL);
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

  it('wait for a source log that does not exist yet, then read it from its start', async () => {
    const late = new EventLog('late_test');
    const applied: string[] = [];
    const consumer = new EventConsumer(dataSource, {
      name: 'early',
      source: late,
      cursorSchema: 'events_test',
      handle: async (events) => {
        applied.push(...events.map((e) => e.subjectId));
      },
    });
    expect(await late.exists(dataSource.manager)).toBe(false);
    expect(await consumer.catchUp()).toBe(0);
    expect(await consumer.position()).toEqual(START_OF_LOG);

    // The producer's migration runs while the consumer is already polling.
    await dataSource.query(`CREATE SCHEMA late_test;
      CREATE TABLE late_test.event_log (LIKE events_test.event_log INCLUDING DEFAULTS)`);
    await dataSource.transaction((manager) =>
      late.append(manager, {
        type: 'thing.Late',
        subjectType: 'Thing',
        subjectId: 'late',
        actor: 't',
        payload: {},
      }),
    );
    expect(await consumer.catchUp()).toBe(1);
    expect(applied).toEqual(['late']);
  });

  it('still fail when a table other than the source log is missing', async () => {
    const consumer = new EventConsumer(dataSource, {
      name: 'no-cursor-table',
      source: log,
      cursorSchema: 'nowhere',
      handle: async () => undefined,
    });
    await expect(consumer.catchUp()).rejects.toThrow(/nowhere\.event_cursor" does not exist/);
  });
});
