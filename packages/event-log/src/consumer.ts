import type { DataSource, EntityManager } from 'typeorm';
import { type EventLog, type EventPosition, START_OF_LOG, type StoredEvent } from './event-log';
import { describeFailure, hasSqlState, isTransientFailure } from './failures';
import { type QuarantinedEvent, QuarantineStore } from './quarantine';

export interface EventConsumerOptions {
  /** Unique name of this consumer; its cursor and quarantined events are stored under it. */
  name: string;
  /** The log to read, usually another subgraph's. */
  source: EventLog;
  /** The schema, owned by the consumer, that holds its `event_cursor` and `event_quarantine`. */
  cursorSchema: string;
  /**
   * Applies a batch. Must tolerate an event replayed out of order by an operator. `manager` is
   * the transaction that advances the cursor (`in-transaction`) or an autocommitting manager
   * (`outside-transaction`).
   */
  handle: (events: StoredEvent[], manager: EntityManager) => Promise<void>;
  /**
   * `in-transaction` (default): the batch is applied in the transaction that moves the cursor,
   * so a consumer that writes only to Postgres sees every event exactly once.
   * `outside-transaction`: for side effects elsewhere (Elasticsearch, webhooks). No transaction
   * is open while `handle` runs, so a slow remote call never holds back the commit-safe
   * readers of the whole database; the cursor then moves by compare-and-set, delivery is at
   * least once and the handler must be idempotent.
   */
  delivery?: 'in-transaction' | 'outside-transaction';
  batchSize?: number;
  /** Failed attempts at one event before it is quarantined and the consumer moves on. */
  maxAttempts?: number;
  /** More failures to treat as transient, besides `isTransientFailure`. */
  isTransient?: (error: unknown) => boolean;
}

/** An event failed on its own (not transiently) but has attempts left; the poll backs off. */
export class EventApplyError extends Error {
  constructor(
    readonly event: StoredEvent,
    readonly attempts: number,
    readonly maxAttempts: number,
    cause: unknown,
  ) {
    super(
      `Event ${event.eventId} (${event.type}) failed, attempt ${attempts} of ${maxAttempts}: ${describeFailure(cause, 500)}`,
      { cause },
    );
    this.name = 'EventApplyError';
  }
}

export class QuarantinedEventNotFoundError extends Error {
  constructor(consumer: string, eventId: string) {
    super(`Consumer ${consumer} has no quarantined event ${eventId} waiting for replay`);
    this.name = 'QuarantinedEventNotFoundError';
  }
}

export interface ConsumerHealth {
  name: string;
  position: EventPosition;
  /** Events visible after the position, counted up to `LAG_CAP` (then reported as the cap). */
  lag: number;
  /** Quarantined events not yet replayed. */
  quarantined: number;
  /** The event failing now in this process, if any. */
  failing: { eventId: string; type: string; attempts: number; reason: string } | null;
  /** Why the consumer cannot read its source at all (the log does not exist yet), or null. */
  waitingFor: string | null;
}

const LAG_CAP = 10_000;
/** SQLSTATE undefined_table. */
const UNDEFINED_TABLE = '42P01';

interface Outcome {
  read: number;
  failure?: { events: StoredEvent[]; from: EventPosition; error: unknown };
}

/**
 * Reads a log from the consumer's last position, resuming there after a restart. A batch that
 * fails is applied again one event at a time to find the event at fault; that event is retried
 * on later polls and quarantined after `maxAttempts`, and the events after it keep applying.
 * Transient failures (database or a remote service away) never count as attempts.
 */
export class EventConsumer {
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly store: QuarantineStore;
  /** The one event this process is retrying; the consumer cannot pass it until it applies. */
  private failing: ConsumerHealth['failing'] = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: EventConsumerOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.store = new QuarantineStore(options.cursorSchema, options.name, options.source.schema);
  }

  get name(): string {
    return this.options.name;
  }

  private get cursorTable(): string {
    return `"${this.options.cursorSchema}".event_cursor`;
  }

  private isTransient(error: unknown): boolean {
    return isTransientFailure(error) || (this.options.isTransient?.(error) ?? false);
  }

  /**
   * Processes everything visible now; returns how many events were applied. A source log that
   * does not exist yet (its subgraph is not migrated in this database) holds no events: that is
   * a state to wait in at the normal interval, reported by `health`, not a failure to back off
   * from, or a consumer started before the producer's migration would notice it only after its
   * backoff had grown to the cap.
   */
  async catchUp(): Promise<number> {
    try {
      return await this.applyAll();
    } catch (error) {
      if (!hasSqlState(error, UNDEFINED_TABLE)) throw error;
      // Any other missing table (our own cursor, a handler's) is a real failure.
      if (await this.options.source.exists(this.dataSource.manager)) throw error;
      return 0;
    }
  }

  private async applyAll(): Promise<number> {
    let applied = 0;
    for (;;) {
      const outcome = await this.applyNext(this.batchSize);
      if (!outcome.failure) {
        applied += outcome.read;
        if (outcome.read > 0) this.failing = null;
        if (outcome.read < this.batchSize) return applied;
      } else if (outcome.failure.events.length === 1) {
        await this.giveUpOrRetry(outcome.failure);
      } else {
        if (this.isTransient(outcome.failure.error)) throw outcome.failure.error;
        applied += await this.isolate(outcome.failure.events.length);
      }
    }
  }

  /** Applies up to `count` events one by one, until one fails. */
  private async isolate(count: number): Promise<number> {
    let applied = 0;
    for (let i = 0; i < count; i++) {
      const outcome = await this.applyNext(1);
      if (outcome.read === 0) break;
      if (outcome.failure) {
        await this.giveUpOrRetry(outcome.failure);
        break;
      }
      applied += 1;
    }
    return applied;
  }

  /** Throws to retry later, or quarantines the event when it has used its attempts. */
  private async giveUpOrRetry(failure: NonNullable<Outcome['failure']>): Promise<void> {
    const { error, from } = failure;
    const event = failure.events[0]!;
    if (this.isTransient(error)) throw error;
    const attempts = this.failing?.eventId === event.eventId ? this.failing.attempts + 1 : 1;
    const reason = describeFailure(error);
    this.failing = { eventId: event.eventId, type: event.type, attempts, reason };
    if (attempts < this.maxAttempts) throw new EventApplyError(event, attempts, this.maxAttempts, error);
    await this.dataSource.transaction(async (manager) => {
      // The failed attempt's transaction may have been the one creating the cursor row.
      await this.ensureCursor(manager);
      // Only from where the failure was seen: another replica may have moved on meanwhile.
      if (await this.compareAndSet(manager, from, event.position)) {
        await this.store.add(manager, event, reason, attempts);
      }
    });
    this.failing = null;
  }

  private async applyNext(limit: number): Promise<Outcome> {
    return this.options.delivery === 'outside-transaction'
      ? this.applyOutsideTransaction(limit)
      : this.applyInTransaction(limit);
  }

  private async applyInTransaction(limit: number): Promise<Outcome> {
    let failure: Outcome['failure'];
    try {
      const read = await this.dataSource.transaction(async (manager) => {
        const from = await this.lockCursor(manager);
        const events = await this.options.source.readAfter(manager, from, limit);
        if (events.length === 0) return 0;
        try {
          await this.options.handle(events, manager);
        } catch (error) {
          failure = { events, from, error };
          throw error;
        }
        await this.moveTo(manager, events[events.length - 1]!.position);
        return events.length;
      });
      return { read };
    } catch (error) {
      if (failure && failure.error === error) return { read: failure.events.length, failure };
      throw error;
    }
  }

  private async applyOutsideTransaction(limit: number): Promise<Outcome> {
    const manager = this.dataSource.manager;
    await this.ensureCursor(manager);
    const from = await this.position(manager);
    const events = await this.options.source.readAfter(manager, from, limit);
    if (events.length === 0) return { read: 0 };
    try {
      await this.options.handle(events, manager);
    } catch (error) {
      return { read: events.length, failure: { events, from, error } };
    }
    // When another replica (or a rewind) moved the cursor meanwhile, it stays where they put it.
    await this.compareAndSet(manager, from, events[events.length - 1]!.position);
    return { read: events.length };
  }

  private async ensureCursor(manager: EntityManager): Promise<void> {
    await manager.query(
      `/* ensureEventCursor */ INSERT INTO ${this.cursorTable} (consumer) VALUES ($1) ON CONFLICT (consumer) DO NOTHING`,
      [this.options.name],
    );
  }

  private async lockCursor(manager: EntityManager): Promise<EventPosition> {
    await this.ensureCursor(manager);
    const rows: { tx_id: string; event_log_id: string }[] = await manager.query(
      `/* lockEventCursor */ SELECT tx_id::text AS tx_id, event_log_id
         FROM ${this.cursorTable} WHERE consumer = $1 FOR UPDATE`,
      [this.options.name],
    );
    return { txId: rows[0]!.tx_id, id: String(rows[0]!.event_log_id) };
  }

  private async moveTo(manager: EntityManager, to: EventPosition): Promise<void> {
    await manager.query(
      `/* advanceEventCursor */ UPDATE ${this.cursorTable}
          SET tx_id = $2::xid8, event_log_id = $3, updated_at = now() WHERE consumer = $1`,
      [this.options.name, to.txId, to.id],
    );
  }

  /** Moves the cursor from `from` to `to`; false when it was no longer at `from`. */
  private async compareAndSet(
    manager: EntityManager,
    from: EventPosition,
    to: EventPosition,
  ): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(
      `/* compareAndSetEventCursor */ UPDATE ${this.cursorTable}
          SET tx_id = $4::xid8, event_log_id = $5, updated_at = now()
        WHERE consumer = $1 AND tx_id = $2::xid8 AND event_log_id = $3`,
      [this.options.name, from.txId, from.id, to.txId, to.id],
    );
    return affected > 0;
  }

  async position(manager: EntityManager = this.dataSource.manager): Promise<EventPosition> {
    const rows: { tx_id: string; event_log_id: string }[] = await manager.query(
      `/* eventCursorPosition */ SELECT tx_id::text AS tx_id, event_log_id FROM ${this.cursorTable} WHERE consumer = $1`,
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
      `/* rewindEventCursor */ UPDATE ${this.cursorTable}
          SET tx_id = $2::xid8, event_log_id = $3, updated_at = now()
        WHERE consumer = $1 AND (tx_id, event_log_id) > ($2::xid8, $3::bigint)`,
      [this.options.name, position.txId, position.id],
    );
  }

  async health(): Promise<ConsumerHealth> {
    const manager = this.dataSource.manager;
    const position = await this.position(manager);
    const present = await this.options.source.exists(manager);
    const [lag, quarantined] = await Promise.all([
      present ? this.options.source.countAfter(manager, position, LAG_CAP) : 0,
      this.store.pendingCount(manager),
    ]);
    const waitingFor = present ? null : `${this.options.source.schema}.event_log does not exist yet`;
    return { name: this.name, position, lag, quarantined, failing: this.failing, waitingFor };
  }

  async quarantined(options: { includeReplayed?: boolean } = {}): Promise<QuarantinedEvent[]> {
    return this.store.list(this.dataSource.manager, options);
  }

  /**
   * Applies a quarantined event again, once its cause is fixed, and marks it replayed (the row
   * stays, as the record of what happened). A failure leaves it quarantined with the new reason.
   */
  async replayQuarantined(eventId: string, replayedBy: string): Promise<QuarantinedEvent> {
    const row = await this.store.find(this.dataSource.manager, eventId);
    if (!row || row.replayedAt) throw new QuarantinedEventNotFoundError(this.name, eventId);
    const id = row.event.eventId;
    try {
      if (this.options.delivery === 'outside-transaction') {
        await this.options.handle([row.event], this.dataSource.manager);
        await this.store.markReplayed(this.dataSource.manager, id, replayedBy);
      } else {
        await this.dataSource.transaction(async (manager) => {
          // Locked, so two operators replaying at once apply it once.
          const locked = await this.store.find(manager, id, { lock: true });
          if (!locked || locked.replayedAt) throw new QuarantinedEventNotFoundError(this.name, eventId);
          await this.options.handle([locked.event], manager);
          await this.store.markReplayed(manager, id, replayedBy);
        });
      }
    } catch (error) {
      if (!(error instanceof QuarantinedEventNotFoundError)) {
        await this.store.recordFailedReplay(this.dataSource.manager, id, describeFailure(error));
      }
      throw error;
    }
    return (await this.store.find(this.dataSource.manager, id))!;
  }
}
