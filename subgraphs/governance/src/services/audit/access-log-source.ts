import { EventLog, type EventPosition, type StoredEvent } from '@cairn/event-log';
import type { EntityManager } from 'typeorm';

export const ACCESS_REFUSED = 'access-log.AccessRefused';

interface RefusedRow {
  id: string;
  tx_id: string;
  occurred_at: Date;
  request_id: string;
  subject: string | null;
  email: string | null;
  principal_kind: string | null;
  client_kind: string | null;
  client_id: string | null;
  operation_type: string | null;
  operation_name: string | null;
  root_fields: string[];
  outcome: string;
  error_codes: string[];
  remote_address: string | null;
  user_agent: string | null;
}

/** A stable event id per access-log row, so the kit can quarantine a row like an event. */
const eventIdOf = (id: string) => `00000000-0000-4000-8000-${BigInt(id).toString(16).padStart(12, '0')}`;

/**
 * The refused attempts of `governance.access_log` (outcome other than OK), read as if they were
 * an event log, so an `EventConsumer` reads them with its cursor, backoff and quarantine. Like an
 * event log it reads in commit order (`tx_id`, added by the audit migration) and only
 * transactions older than every running one, so a row committed late is never passed over.
 */
export class RefusedAccessLog extends EventLog {
  constructor() {
    super('governance');
  }

  override async readAfter(
    manager: EntityManager,
    position: EventPosition,
    limit = 500,
  ): Promise<StoredEvent[]> {
    const rows: RefusedRow[] = await manager.query(
      `/* readRefusedAccessAfter */ SELECT id::text AS id, tx_id::text AS tx_id, occurred_at, request_id, subject,
              email, principal_kind, client_kind, client_id, operation_type, operation_name, root_fields,
              outcome, error_codes, remote_address, user_agent
         FROM governance.access_log
        WHERE outcome <> 'OK' AND (tx_id, id) > ($1::xid8, $2::bigint)
          AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY tx_id, id
        LIMIT $3`,
      [position.txId, position.id, limit],
    );
    return rows.map((row) => ({
      eventId: eventIdOf(row.id),
      position: { txId: row.tx_id, id: row.id },
      type: ACCESS_REFUSED,
      subjectType: 'Request',
      subjectId: row.request_id,
      actor: row.subject ?? '',
      occurredAt: row.occurred_at,
      payload: {
        accessLogId: row.id,
        requestId: row.request_id,
        subject: row.subject,
        email: row.email,
        principalKind: row.principal_kind,
        clientKind: row.client_kind,
        clientId: row.client_id,
        operationType: row.operation_type,
        operationName: row.operation_name,
        rootFields: row.root_fields,
        outcome: row.outcome,
        errorCodes: row.error_codes,
        remoteAddress: row.remote_address,
        userAgent: row.user_agent,
      },
    }));
  }

  override async exists(manager: EntityManager): Promise<boolean> {
    const rows: { present: boolean }[] = await manager.query(
      `/* accessLogExists */ SELECT to_regclass('governance.access_log') IS NOT NULL AS present`,
    );
    return rows[0]?.present === true;
  }

  override async countAfter(manager: EntityManager, position: EventPosition, cap = 10_000): Promise<number> {
    const rows: { count: string }[] = await manager.query(
      `/* countRefusedAccessAfter */ SELECT count(*) AS count FROM (
         SELECT 1 FROM governance.access_log
          WHERE outcome <> 'OK' AND (tx_id, id) > ($1::xid8, $2::bigint)
            AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
          LIMIT $3) AS pending`,
      [position.txId, position.id, cap],
    );
    return Number(rows[0]?.count ?? 0);
  }

  override async append(): Promise<void> {
    throw new Error('The access log is written by the gateway through recordAccess, not appended to here');
  }
}
