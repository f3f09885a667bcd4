import type { TeamMembership } from '@cairn/identity';
import type { EntityManager } from 'typeorm';

/** A managed membership as stored, with the member's account details when Cairn has seen them. */
export interface MembershipRow {
  id: string;
  team_slug: string;
  subject: string;
  role: TeamMembership['role'];
  approver: boolean;
  granted_by: string;
  granted_at: Date;
  email: string | null;
  name: string | null;
}

/** Service accounts act as `service-account:<id>`, so their memberships live beside people's. */
export const SERVICE_ACCOUNT_SUBJECT_PREFIX = 'service-account:';
export const serviceAccountSubject = (id: string) => `${SERVICE_ACCOUNT_SUBJECT_PREFIX}${id}`;

const MEMBERSHIP_COLUMNS = `m.id, m.team_slug, m.subject, m.role, m.approver, m.granted_by, m.granted_at,
  u.email, u.name`;

export async function activeMembershipsOf(
  manager: EntityManager,
  subject: string,
): Promise<TeamMembership[]> {
  const rows: { team_slug: string; role: TeamMembership['role']; approver: boolean }[] = await manager.query(
    `/* activeMembershipsOf */ SELECT team_slug, role, approver FROM governance.team_membership
      WHERE subject = $1 AND revoked_at IS NULL ORDER BY team_slug`,
    [subject],
  );
  return rows.map((r) => ({ team: r.team_slug, role: r.role, approver: r.approver }));
}

/** A page of a team's active memberships, oldest first; a cursor is the last membership's id. */
export function activeMembershipsPage(
  manager: EntityManager,
  team: string,
  first: number,
  after: string | null,
): Promise<MembershipRow[]> {
  return manager.query(
    `/* activeMembershipsPage */ SELECT ${MEMBERSHIP_COLUMNS}
       FROM governance.team_membership m LEFT JOIN governance.user_account u ON u.subject = m.subject
      WHERE m.team_slug = $1 AND m.revoked_at IS NULL
        AND ($2::uuid IS NULL OR (m.granted_at, m.id) > (SELECT granted_at, id FROM governance.team_membership WHERE id = $2))
      ORDER BY m.granted_at, m.id LIMIT $3`,
    [team, after, first + 1],
  );
}

export async function countActiveMemberships(manager: EntityManager, team: string): Promise<number> {
  const [{ n }] = await manager.query(
    `/* countActiveMemberships */ SELECT count(*)::int AS n FROM governance.team_membership
      WHERE team_slug = $1 AND revoked_at IS NULL`,
    [team],
  );
  return n;
}

export async function activeMembership(
  manager: EntityManager,
  team: string,
  subject: string,
): Promise<MembershipRow | null> {
  const [row] = await manager.query(
    `/* activeMembership */ SELECT ${MEMBERSHIP_COLUMNS}
       FROM governance.team_membership m LEFT JOIN governance.user_account u ON u.subject = m.subject
      WHERE m.team_slug = $1 AND m.subject = $2 AND m.revoked_at IS NULL`,
    [team, subject],
  );
  return row ?? null;
}

/**
 * Serialises changes to one team's memberships for the rest of the transaction, so two
 * maintainers removing each other cannot both pass the last-maintainer check.
 */
export async function lockTeamMemberships(manager: EntityManager, team: string): Promise<void> {
  await manager.query(`/* lockTeamMemberships */ SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
    `governance.team_membership:${team}`,
  ]);
}

export async function otherMaintainers(
  manager: EntityManager,
  team: string,
  subject: string,
): Promise<number> {
  const [row] = await manager.query(
    `/* otherMaintainers */ SELECT count(*)::int AS n FROM governance.team_membership
      WHERE team_slug = $1 AND subject <> $2 AND role = 'maintainer' AND revoked_at IS NULL`,
    [team, subject],
  );
  return row.n;
}

export async function revokeMembership(manager: EntityManager, id: string, actor: string): Promise<void> {
  await manager.query(
    `/* revokeMembership */ UPDATE governance.team_membership
        SET revoked_at = clock_timestamp(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL`,
    [id, actor],
  );
}

export async function insertMembership(
  manager: EntityManager,
  row: { team: string; subject: string; role: TeamMembership['role']; approver: boolean; grantedBy: string },
): Promise<string> {
  const [inserted] = await manager.query(
    `/* insertMembership */ INSERT INTO governance.team_membership (team_slug, subject, role, approver, granted_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [row.team, row.subject, row.role, row.approver, row.grantedBy],
  );
  return inserted.id;
}
