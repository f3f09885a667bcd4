import type { DataSource, EntityManager } from 'typeorm';
import { type EventLog, type EventPosition, START_OF_LOG, type StoredEvent } from './event-log';

export interface EventConsumerOptions {
  /** Unique name of this consumer; its cursor is stored under it. */
  name: string;
  /** The log to read, usually another subgraph's. */
  source: EventLog;
  /** The schema, owned by the consumer, that holds its `event_cursor` table. */
  cursorSchema: string;
  /**
   * Applies a batch inside the same transaction that advances the cursor, so a consumer
   * that writes only to Postgres sees every event exactly once.
   */
  handle: (events: StoredEvent[], manager: EntityManager) => Promise<void>;
  batchSize?: number;
}

/**
 * Reads a log from the consumer's last position, resuming there after a restart. Concurrent
 * callers serialise on the cursor row, so a batch is never applied twice.
 */
export class EventConsumer {
  private readonly batchSize: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: EventConsumerOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
  }

  get name(): string {
    return this.options.name;
  }

  /** Processes everything visible now; returns how many events were applied. */
  async catchUp(): Promise<number> {
    let applied = 0;
    for (;;) {
      const count = await this.dataSource.transaction((manager) => this.applyNextBatch(manager));
      applied += count;
      if (count < this.batchSize) return applied;
    }
  }

  async position(manager: EntityManager = this.dataSource.manager): Promise<EventPosition> {
    const rows: { tx_id: string; event_log_id: string }[] = await manager.query(
      `SELECT tx_id::text AS tx_id, event_log_id FROM "${this.options.cursorSchema}".event_cursor WHERE consumer = $1`,
      [this.options.name],
    );
    const row = rows[0];
    return row ? { txId: row.tx_id, id: String(row.event_log_id) } : START_OF_LOG;
  }

  /**
   * Moves the cursor back to `position` if it is past it, so everything after `position` is
   * applied again (e.g. after a full rebuild that read the database as of `position`).
   */
  async rewindTo(position: EventPosition): Promise<void> {
    await this.dataSource.query(
      `/* rewindEventCursor */ UPDATE "${this.options.cursorSchema}".event_cursor
          SET tx_id = $2::xid8, event_log_id = $3, updated_at = now()
        WHERE consumer = $1 AND (tx_id, event_log_id) > ($2::xid8, $3::bigint)`,
      [this.options.name, position.txId, position.id],
    );
  }

  private async applyNextBatch(manager: EntityManager): Promise<number> {
    const schema = this.options.cursorSchema;
    await manager.query(
      `INSERT INTO "${schema}".event_cursor (consumer) VALUES ($1) ON CONFLICT (consumer) DO NOTHING`,
      [this.options.name],
    );
    const rows: { tx_id: string; event_log_id: string }[] = await manager.query(
      `/* lockEventCursor */ SELECT tx_id::text AS tx_id, event_log_id
         FROM "${schema}".event_cursor WHERE consumer = $1 FOR UPDATE`,
      [this.options.name],
    );
    const cursor = rows[0]!;
    const events = await this.options.source.readAfter(
      manager,
      { txId: cursor.tx_id, id: String(cursor.event_log_id) },
      this.batchSize,
    );
    if (events.length === 0) return 0;
    await this.options.handle(events, manager);
    const last = events[events.length - 1]!.position;
    await manager.query(
      `/* advanceEventCursor */ UPDATE "${schema}".event_cursor
          SET tx_id = $2::xid8, event_log_id = $3, updated_at = now() WHERE consumer = $1`,
      [this.options.name, last.txId, last.id],
    );
    return events.length;
  }
}

/** Runs `catchUp` on an interval until stopped; errors are reported, never fatal. */
export function pollContinuously(
  consumer: Pick<EventConsumer, 'catchUp' | 'name'>,
  intervalMs: number,
  onError: (error: unknown) => void,
): { stop: () => Promise<void> } {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = consumer
      .catchUp()
      .then(() => undefined, onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
