import type { EntityManager } from 'typeorm';
import type { AccessEntry, AccessLogQuery } from './access-log-rules';

export interface AccessLogRow {
  id: string;
  occurred_at: Date;
  /** occurred_at to the microsecond, for the cursor. */
  occurred_key: string;
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

export async function insertAccessEntries(manager: EntityManager, entries: AccessEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const column = <K extends keyof AccessEntry>(key: K) => entries.map((e) => e[key] ?? null);
  // Arrays of arrays do not unnest row by row, so the two list columns travel as JSON.
  await manager.query(
    `/* insertAccessEntries */ INSERT INTO governance.access_log
       (occurred_at, request_id, subject, email, principal_kind, client_kind, client_id, operation_type,
        operation_name, root_fields, outcome, error_codes, remote_address, user_agent)
     SELECT e.occurred_at, e.request_id, e.subject, e.email, e.principal_kind, e.client_kind, e.client_id,
            e.operation_type, e.operation_name,
            ARRAY(SELECT jsonb_array_elements_text(e.root_fields)), e.outcome,
            ARRAY(SELECT jsonb_array_elements_text(e.error_codes)), e.remote_address, e.user_agent
       FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::text[], $9::text[], $10::jsonb[], $11::text[], $12::jsonb[], $13::text[], $14::text[])
         AS e(occurred_at, request_id, subject, email, principal_kind, client_kind, client_id, operation_type,
              operation_name, root_fields, outcome, error_codes, remote_address, user_agent)`,
    [
      column('occurredAt'),
      column('requestId'),
      column('subject'),
      column('email'),
      column('principalKind'),
      column('clientKind'),
      column('clientId'),
      column('operationType'),
      column('operationName'),
      entries.map((e) => JSON.stringify(e.rootFields)),
      column('outcome'),
      entries.map((e) => JSON.stringify(e.errorCodes)),
      column('remoteAddress'),
      column('userAgent'),
    ],
  );
}

/** Cursor: the last row's occurred_at (microseconds, UTC) and id, newest first. */
export interface AccessLogCursor {
  occurredKey: string;
  id: string;
}

/** One page, newest first; fetches one row more than asked to say whether another page follows. */
export function selectAccessLogPage(
  manager: EntityManager,
  query: AccessLogQuery,
  cursor: AccessLogCursor | null,
): Promise<AccessLogRow[]> {
  const { filter } = query;
  return manager.query(
    `/* selectAccessLogPage */ SELECT id::text, occurred_at,
            to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_key,
            request_id, subject, email, principal_kind, client_kind, client_id, operation_type,
            operation_name, root_fields, outcome, error_codes, remote_address, user_agent
       FROM governance.access_log
      WHERE ($1::timestamptz IS NULL OR occurred_at >= $1)
        AND ($2::timestamptz IS NULL OR occurred_at < $2)
        AND ($3::text IS NULL OR subject = $3)
        AND ($4::text IS NULL OR outcome = $4)
        AND ($5::text IS NULL OR operation_type = $5)
        AND ($6::timestamptz IS NULL OR (occurred_at, id) < ($6::timestamptz, $7::bigint))
      ORDER BY occurred_at DESC, id DESC
      LIMIT $8`,
    [
      filter.from ?? null,
      filter.to ?? null,
      filter.subject ?? null,
      filter.outcome ?? null,
      filter.operationType ?? null,
      cursor?.occurredKey ?? null,
      cursor?.id ?? null,
      query.first + 1,
    ],
  );
}

export async function countAccessLog(manager: EntityManager, query: AccessLogQuery): Promise<number> {
  const { filter } = query;
  const [row] = await manager.query(
    `/* countAccessLog */ SELECT count(*)::int AS n FROM governance.access_log
      WHERE ($1::timestamptz IS NULL OR occurred_at >= $1)
        AND ($2::timestamptz IS NULL OR occurred_at < $2)
        AND ($3::text IS NULL OR subject = $3)
        AND ($4::text IS NULL OR outcome = $4)
        AND ($5::text IS NULL OR operation_type = $5)`,
    [
      filter.from ?? null,
      filter.to ?? null,
      filter.subject ?? null,
      filter.outcome ?? null,
      filter.operationType ?? null,
    ],
  );
  return row.n;
}
