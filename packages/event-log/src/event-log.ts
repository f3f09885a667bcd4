import type { EntityManager } from 'typeorm';

export interface DomainEvent<Payload extends object = Record<string, unknown>> {
  type: string;
  subjectType: string;
  subjectId: string;
  actor: string;
  payload: Payload;
}

/** Where a reader is in a log: the writing transaction's id, then the row id within it. */
export interface EventPosition {
  txId: string;
  id: string;
}

export const START_OF_LOG: EventPosition = { txId: '0', id: '0' };

export interface StoredEvent<Payload extends object = Record<string, unknown>> extends DomainEvent<Payload> {
  eventId: string;
  position: EventPosition;
  occurredAt: Date;
}

interface EventRow {
  id: string;
  tx_id: string;
  event_id: string;
  type: string;
  subject_type: string;
  subject_id: string;
  actor: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * One subgraph's event log. `append` takes the entity manager of the caller's transaction:
 * an event exists exactly when the change it describes was committed.
 */
export class EventLog {
  constructor(readonly schema: string) {}

  async append(manager: EntityManager, ...events: DomainEvent<object>[]): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [];
    const rows = events.map((event, i) => {
      values.push(event.type, event.subjectType, event.subjectId, event.actor, JSON.stringify(event.payload));
      const o = i * 5;
      return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}::jsonb)`;
    });
    await manager.query(
      `/* appendEvents */ INSERT INTO "${this.schema}".event_log (type, subject_type, subject_id, actor, payload)
       VALUES ${rows.join(', ')}`,
      values,
    );
  }

  /** The position of the newest event a reader can see now (the start of the log when empty). */
  async head(manager: EntityManager): Promise<EventPosition> {
    const rows: { tx_id: string; id: string }[] = await manager.query(
      `/* eventLogHead */ SELECT tx_id::text AS tx_id, id FROM "${this.schema}".event_log
        WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY tx_id DESC, id DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? { txId: row.tx_id, id: String(row.id) } : START_OF_LOG;
  }

  /**
   * Events after `position`, in commit-safe order. Only transactions older than the oldest
   * one still running are visible, so nothing can later appear behind the returned position.
   */
  async readAfter(manager: EntityManager, position: EventPosition, limit = 500): Promise<StoredEvent[]> {
    const rows: EventRow[] = await manager.query(
      `/* readEventsAfter */ SELECT id, tx_id::text AS tx_id, event_id, type, subject_type, subject_id, actor,
              payload, occurred_at
         FROM "${this.schema}".event_log
        WHERE (tx_id, id) > ($1::xid8, $2::bigint)
          AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY tx_id, id
        LIMIT $3`,
      [position.txId, position.id, limit],
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      position: { txId: row.tx_id, id: String(row.id) },
      type: row.type,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      actor: row.actor,
      payload: row.payload,
      occurredAt: row.occurred_at,
    }));
  }

  /**
   * False while the log's table does not exist, i.e. its subgraph has not been migrated in this
   * database yet (a consumer started before the producer, or a database holding one subgraph).
   */
  async exists(manager: EntityManager): Promise<boolean> {
    const rows: { present: boolean }[] = await manager.query(
      `/* eventLogExists */ SELECT to_regclass($1) IS NOT NULL AS present`,
      [`"${this.schema}".event_log`],
    );
    return rows[0]?.present === true;
  }

  /** How many events a reader at `position` has still to read, counted up to `cap`. */
  async countAfter(manager: EntityManager, position: EventPosition, cap = 10_000): Promise<number> {
    const rows: { count: string }[] = await manager.query(
      `/* countEventsAfter */ SELECT count(*) AS count FROM (
         SELECT 1 FROM "${this.schema}".event_log
          WHERE (tx_id, id) > ($1::xid8, $2::bigint)
            AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
          LIMIT $3) AS pending`,
      [position.txId, position.id, cap],
    );
    return Number(rows[0]?.count ?? 0);
  }
}
