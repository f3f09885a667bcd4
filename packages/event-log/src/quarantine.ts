import type { EntityManager } from 'typeorm';
import type { StoredEvent } from './event-log';

/** An event a consumer gave up on, as `<consumer schema>.event_quarantine` keeps it. */
export interface QuarantinedEvent {
  consumer: string;
  event: StoredEvent;
  sourceLog: string;
  reason: string;
  attempts: number;
  quarantinedAt: Date;
  replayedAt: Date | null;
  replayedBy: string | null;
}

interface QuarantineRow {
  consumer: string;
  event_id: string;
  source_log: string;
  tx_id: string;
  event_log_id: string;
  type: string;
  subject_type: string;
  subject_id: string;
  actor: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  reason: string;
  attempts: number;
  quarantined_at: Date;
  replayed_at: Date | null;
  replayed_by: string | null;
}

const COLUMNS = `consumer, event_id, source_log, tx_id::text AS tx_id, event_log_id, type, subject_type,
  subject_id, actor, payload, occurred_at, reason, attempts, quarantined_at, replayed_at, replayed_by`;

function toQuarantined(row: QuarantineRow): QuarantinedEvent {
  return {
    consumer: row.consumer,
    sourceLog: row.source_log,
    event: {
      eventId: row.event_id,
      position: { txId: row.tx_id, id: String(row.event_log_id) },
      type: row.type,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      actor: row.actor,
      payload: row.payload,
      occurredAt: row.occurred_at,
    },
    reason: row.reason,
    attempts: row.attempts,
    quarantinedAt: row.quarantined_at,
    replayedAt: row.replayed_at,
    replayedBy: row.replayed_by,
  };
}

/** Reads and writes one consumer's rows of the quarantine table in its own schema. */
export class QuarantineStore {
  private readonly table: string;

  constructor(
    schema: string,
    private readonly consumer: string,
    private readonly sourceLog: string,
  ) {
    this.table = `"${schema}".event_quarantine`;
  }

  async add(manager: EntityManager, event: StoredEvent, reason: string, attempts: number): Promise<void> {
    // A replayed event that fails again on its way through the log is quarantined afresh.
    await manager.query(
      `/* quarantineEvent */ INSERT INTO ${this.table}
         (consumer, event_id, source_log, tx_id, event_log_id, type, subject_type, subject_id, actor,
          payload, occurred_at, reason, attempts)
       VALUES ($1, $2, $3, $4::xid8, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13)
       ON CONFLICT (consumer, event_id) DO UPDATE
         SET reason = EXCLUDED.reason, attempts = EXCLUDED.attempts, quarantined_at = now(),
             replayed_at = NULL, replayed_by = NULL`,
      [
        this.consumer,
        event.eventId,
        this.sourceLog,
        event.position.txId,
        event.position.id,
        event.type,
        event.subjectType,
        event.subjectId,
        event.actor,
        JSON.stringify(event.payload),
        event.occurredAt,
        reason,
        attempts,
      ],
    );
  }

  /** The row (locked until the caller's transaction ends if asked); null when there is none. */
  async find(
    manager: EntityManager,
    eventId: string,
    options: { lock?: boolean } = {},
  ): Promise<QuarantinedEvent | null> {
    const rows: QuarantineRow[] = await manager.query(
      `/* findQuarantinedEvent */ SELECT ${COLUMNS} FROM ${this.table}
        WHERE consumer = $1 AND event_id::text = $2 ${options.lock ? 'FOR UPDATE' : ''}`,
      [this.consumer, eventId.toLowerCase()],
    );
    return rows[0] ? toQuarantined(rows[0]) : null;
  }

  async markReplayed(manager: EntityManager, eventId: string, by: string): Promise<void> {
    await manager.query(
      `/* markQuarantinedEventReplayed */ UPDATE ${this.table} SET replayed_at = now(), replayed_by = $3
        WHERE consumer = $1 AND event_id = $2::uuid`,
      [this.consumer, eventId, by],
    );
  }

  async recordFailedReplay(manager: EntityManager, eventId: string, reason: string): Promise<void> {
    await manager.query(
      `/* recordFailedReplay */ UPDATE ${this.table} SET reason = $3, attempts = attempts + 1
        WHERE consumer = $1 AND event_id = $2::uuid`,
      [this.consumer, eventId, reason],
    );
  }

  /** Oldest first; replayed rows only when asked for. */
  async list(
    manager: EntityManager,
    options: { includeReplayed?: boolean } = {},
  ): Promise<QuarantinedEvent[]> {
    const rows: QuarantineRow[] = await manager.query(
      `/* listQuarantinedEvents */ SELECT ${COLUMNS} FROM ${this.table}
        WHERE consumer = $1 AND ($2 OR replayed_at IS NULL)
        ORDER BY tx_id, event_log_id LIMIT 1000`,
      [this.consumer, options.includeReplayed ?? false],
    );
    return rows.map(toQuarantined);
  }

  /** How many events wait for an operator (not yet replayed). */
  async pendingCount(manager: EntityManager): Promise<number> {
    const rows: { count: string }[] = await manager.query(
      `/* countQuarantinedEvents */ SELECT count(*) AS count FROM ${this.table}
        WHERE consumer = $1 AND replayed_at IS NULL`,
      [this.consumer],
    );
    return Number(rows[0]?.count ?? 0);
  }
}
