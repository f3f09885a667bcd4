import { RegistryEvents } from '@cairn/events';
import type { TeamMembership } from '@cairn/identity';
import type { EntityManager } from 'typeorm';

export type AccessRequestStatus = 'open' | 'granted' | 'denied' | 'withdrawn';

export interface AccessRequestRow {
  id: string;
  team_slug: string;
  requester_subject: string;
  requester_email: string | null;
  role: TeamMembership['role'];
  model_id: string | null;
  model_name: string | null;
  justification: string;
  status: AccessRequestStatus;
  created_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
}

const COLUMNS = `id, team_slug, requester_subject, requester_email, role, model_id, model_name, justification,
  status, created_at, decided_by, decided_at, decision_comment`;

export async function insertAccessRequest(
  manager: EntityManager,
  row: Pick<
    AccessRequestRow,
    | 'team_slug'
    | 'requester_subject'
    | 'requester_email'
    | 'role'
    | 'model_id'
    | 'model_name'
    | 'justification'
  >,
): Promise<AccessRequestRow> {
  const [inserted] = await manager.query(
    `/* insertAccessRequest */ INSERT INTO governance.access_request
       (team_slug, requester_subject, requester_email, role, model_id, model_name, justification)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (team_slug, requester_subject) WHERE status = 'open' DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      row.team_slug,
      row.requester_subject,
      row.requester_email,
      row.role,
      row.model_id,
      row.model_name,
      row.justification,
    ],
  );
  return inserted ?? null;
}

/** The request, locked for the rest of the transaction so two answers cannot race. */
export async function lockAccessRequest(
  manager: EntityManager,
  id: string,
): Promise<AccessRequestRow | null> {
  const [row] = await manager.query(
    `/* lockAccessRequest */ SELECT ${COLUMNS} FROM governance.access_request WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row ?? null;
}

export async function closeAccessRequest(
  manager: EntityManager,
  id: string,
  answer: {
    status: Exclude<AccessRequestStatus, 'open'>;
    by: string;
    comment: string | null;
    membershipId: string | null;
  },
): Promise<AccessRequestRow> {
  const [[row]] = await manager.query(
    `/* closeAccessRequest */ UPDATE governance.access_request
        SET status = $2, decided_by = $3, decided_at = clock_timestamp(), decision_comment = $4, membership_id = $5
      WHERE id = $1 AND status = 'open' RETURNING ${COLUMNS}`,
    [id, answer.status, answer.by, answer.comment, answer.membershipId],
  );
  return row;
}

export function selectRequestsOf(
  manager: EntityManager,
  subject: string,
  filter: { team?: string | null; status?: AccessRequestStatus | null; first: number },
): Promise<AccessRequestRow[]> {
  return manager.query(
    `/* selectRequestsOf */ SELECT ${COLUMNS} FROM governance.access_request
      WHERE requester_subject = $1 AND ($2::text IS NULL OR team_slug = $2) AND ($3::text IS NULL OR status = $3)
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [subject, filter.team ?? null, filter.status ?? null, filter.first],
  );
}

/** Requests to the given teams (`all` for platform admins), open ones first, newest first. */
export function selectRequestsTo(
  manager: EntityManager,
  teams: readonly string[] | 'all',
  filter: { status?: AccessRequestStatus | null; first: number },
): Promise<AccessRequestRow[]> {
  return manager.query(
    `/* selectRequestsTo */ SELECT ${COLUMNS} FROM governance.access_request
      WHERE ($1::text[] IS NULL OR team_slug = ANY($1)) AND ($2::text IS NULL OR status = $2)
      ORDER BY (status = 'open') DESC, created_at DESC, id DESC LIMIT $3`,
    [teams === 'all' ? null : teams, filter.status ?? null, filter.first],
  );
}

/** Any version of each model (one query for the batch; the rare lagging one read one by one). */
export async function someVersionOfModels(
  manager: EntityManager,
  modelIds: readonly string[],
): Promise<(string | null)[]> {
  const rows: { model_id: string; model_version_id: string }[] = await manager.query(
    `/* someVersionOfModels */ SELECT DISTINCT ON (model_id) model_id, model_version_id
       FROM governance.known_model_version WHERE model_id = ANY($1::uuid[])`,
    [[...modelIds]],
  );
  const known = new Map(rows.map((row) => [row.model_id, row.model_version_id]));
  return Promise.all(modelIds.map((id) => known.get(id) ?? someVersionOfModel(manager, id)));
}

/** Any version of the model, to learn its team, name and visibility through the model directory. */
export async function someVersionOfModel(manager: EntityManager, modelId: string): Promise<string | null> {
  const [known] = await manager.query(
    `/* someVersionOfModel */ SELECT model_version_id FROM governance.known_model_version
      WHERE model_id = $1 LIMIT 1`,
    [modelId],
  );
  if (known) return known.model_version_id;
  // The directory's consumer may not have reached a version created a moment ago; the model
  // directory recovers it from its id, so find that id in the registry's log (a rare question).
  const [logged] = await manager.query(
    `/* findVersionOfModel */ SELECT payload->>'modelVersionId' AS id FROM registry.event_log
      WHERE type = $1 AND payload->>'modelId' = $2 LIMIT 1`,
    [RegistryEvents.ModelVersionCreated, modelId],
  );
  return logged?.id ?? null;
}
