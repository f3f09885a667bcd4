import { RegistryEvents } from '@cairn/events';
import type { EntityManager } from 'typeorm';

export type TeamRequestStatus = 'open' | 'approved' | 'rejected';

export interface TeamRequestRow {
  id: string;
  slug: string;
  name: string;
  justification: string;
  requester_subject: string;
  requester_email: string | null;
  status: TeamRequestStatus;
  created_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
}

const COLUMNS = `id, slug, name, justification, requester_subject, requester_email, status, created_at,
  decided_by, decided_at, reason`;

/** The new request, or null when the slug has an open (or approved) request already. */
export async function insertTeamRequest(
  manager: EntityManager,
  row: Pick<TeamRequestRow, 'slug' | 'name' | 'justification' | 'requester_subject' | 'requester_email'>,
): Promise<TeamRequestRow | null> {
  const [inserted] = await manager.query(
    `/* insertTeamRequest */ INSERT INTO governance.team_request
       (slug, name, justification, requester_subject, requester_email)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING
     RETURNING ${COLUMNS}`,
    [row.slug, row.name, row.justification, row.requester_subject, row.requester_email],
  );
  return inserted ?? null;
}

/**
 * Whether a team has this slug: known from the registry's log, or created a moment ago (its
 * `TeamCreated` not yet consumed into `known_team`), or approved and not yet created.
 */
export async function slugTaken(manager: EntityManager, slug: string): Promise<boolean> {
  const [row] = await manager.query(
    `/* teamSlugTaken */ SELECT
       EXISTS (SELECT 1 FROM governance.known_team WHERE slug = $1)
       OR EXISTS (SELECT 1 FROM registry.event_log WHERE type = $2 AND payload->>'slug' = $1)
       OR EXISTS (SELECT 1 FROM governance.team_request WHERE slug = $1 AND status = 'approved') AS taken`,
    [slug, RegistryEvents.TeamCreated],
  );
  return row.taken;
}

/** Serializes requests and approvals for one slug (the partial unique indexes back it up). */
export async function lockSlug(manager: EntityManager, slug: string): Promise<void> {
  await manager.query(
    `/* lockTeamRequestSlug */ SELECT pg_advisory_xact_lock(hashtext('team-request:' || $1))`,
    [slug],
  );
}

/** The request, locked for the rest of the transaction so two answers cannot race. */
export async function lockTeamRequest(manager: EntityManager, id: string): Promise<TeamRequestRow | null> {
  const [row] = await manager.query(
    `/* lockTeamRequest */ SELECT ${COLUMNS} FROM governance.team_request WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row ?? null;
}

export async function decideTeamRequest(
  manager: EntityManager,
  id: string,
  answer: {
    status: Exclude<TeamRequestStatus, 'open'>;
    by: string;
    reason: string | null;
    membershipId: string | null;
  },
): Promise<TeamRequestRow> {
  const [[row]] = await manager.query(
    `/* decideTeamRequest */ UPDATE governance.team_request
        SET status = $2, decided_by = $3, decided_at = clock_timestamp(), reason = $4, membership_id = $5
      WHERE id = $1 AND status = 'open' RETURNING ${COLUMNS}`,
    [id, answer.status, answer.by, answer.reason, answer.membershipId],
  );
  return row;
}

/** Open requests first, then newest first; `requester` narrows to one person's requests. */
export function selectTeamRequests(
  manager: EntityManager,
  filter: { requester: string | null; status?: TeamRequestStatus | null; first: number },
): Promise<TeamRequestRow[]> {
  return manager.query(
    `/* selectTeamRequests */ SELECT ${COLUMNS} FROM governance.team_request
      WHERE ($1::text IS NULL OR requester_subject = $1) AND ($2::text IS NULL OR status = $2)
      ORDER BY (status = 'open') DESC, created_at DESC, id DESC LIMIT $3`,
    [filter.requester, filter.status ?? null, filter.first],
  );
}
