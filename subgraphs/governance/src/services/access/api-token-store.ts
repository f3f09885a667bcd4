import type { Scope } from '@cairn/identity';
import type { EntityManager } from 'typeorm';

/** An API token as stored; never its secret, and its hash is not selected. */
export interface ApiTokenRow {
  id: string;
  name: string;
  owner_subject: string | null;
  service_account_id: string | null;
  service_account_team: string | null;
  service_account_name: string | null;
  scopes: Scope[];
  last_four: string;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
  last_used_client: string | null;
}

export const API_TOKEN_COLUMNS = `t.id, t.name, t.owner_subject, t.service_account_id,
  sa.team_slug AS service_account_team, sa.name AS service_account_name, t.scopes, t.last_four,
  t.created_by, t.created_at, t.expires_at, t.revoked_at, t.revoked_by, t.last_used_at, t.last_used_client`;

export const API_TOKEN_FROM = `governance.api_token t
  LEFT JOIN governance.service_account sa ON sa.id = t.service_account_id`;

export async function apiTokenById(manager: EntityManager, id: string): Promise<ApiTokenRow | null> {
  const [row] = await manager.query(
    `/* apiTokenById */ SELECT ${API_TOKEN_COLUMNS} FROM ${API_TOKEN_FROM} WHERE t.id = $1`,
    [id],
  );
  return row ?? null;
}
