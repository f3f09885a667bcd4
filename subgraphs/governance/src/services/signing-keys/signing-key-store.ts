import type { EntityManager } from 'typeorm';
import type { TrustedKeyRecord } from './key-trust';

export interface SigningKeyRow extends TrustedKeyRecord {
  public_key: string;
  registered_by: string;
  registered_at: Date;
  retired_by: string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export const SIGNING_KEY_COLUMNS = `key_id, team_slug, name, public_key, registered_by, registered_at, retired_at,
  retired_by, replaced_by, revoked_at, revoked_effective_from, revoked_by, revocation_reason`;

export async function signingKeyById(
  manager: EntityManager,
  keyId: string,
  options: { lock?: boolean } = {},
): Promise<SigningKeyRow | null> {
  const [row]: SigningKeyRow[] = await manager.query(
    `/* signingKeyById */ SELECT ${SIGNING_KEY_COLUMNS} FROM governance.signing_key WHERE key_id = $1
      ${options.lock ? 'FOR NO KEY UPDATE' : ''}`,
    [keyId],
  );
  return row ?? null;
}

/** The keys that could speak for `team`'s versions: its own and the platform's. */
export function signingKeysFor(manager: EntityManager, team: string, keyIds: readonly string[]) {
  return manager.query(
    `/* signingKeysForTeam */ SELECT ${SIGNING_KEY_COLUMNS} FROM governance.signing_key
      WHERE key_id = ANY($2::text[]) AND (team_slug = $1 OR team_slug IS NULL)`,
    [team, keyIds],
  ) as Promise<SigningKeyRow[]>;
}
