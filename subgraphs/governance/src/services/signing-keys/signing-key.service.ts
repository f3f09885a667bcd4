import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PreconditionFailedError,
  parseInput,
} from '@cairn/errors';
import {
  actorOf,
  hasScope,
  hasTeamRole,
  hasTeamRoleAnywhere,
  isMemberOf,
  isPlatformAdmin,
  type Principal,
  readsEverything,
} from '@cairn/identity';
import { keyIdOf, readP256PublicKey } from '@cairn/signing';
import type { DataSource, EntityManager } from 'typeorm';
import { governanceEventLog } from '../../data-source';
import { GovernanceEvents } from '../../events';
import type { TeamDirectory } from '../access/team-directory';
import { registerSigningKeyRules, revokeSigningKeyRules, rotateSigningKeyRules } from './signing-key-rules';
import { SIGNING_KEY_COLUMNS, type SigningKeyRow, signingKeyById } from './signing-key-store';

/** Clocks differ a little between a caller and the database: "now" from a caller is not the future. */
const CLOCK_SKEW_MS = 60_000;

/**
 * The public keys trusted to sign a team's versions (a training pipeline's, say), and the
 * platform's keys trusted for every team. A team's maintainers manage its keys with the admin
 * scope; platform admins manage platform keys and may rotate or revoke any key. Rotation
 * registers the successor and retires the old key: what it signed before stays trusted.
 * Revocation is final and may be backdated to a suspected compromise: signatures recorded from
 * then on are not trusted. Public keys are not secret; team members read their team's keys.
 */
export class SigningKeyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly teams: TeamDirectory,
  ) {}

  async register(actor: Principal, input: unknown): Promise<SigningKeyRow> {
    const command = parseInput(registerSigningKeyRules, input);
    assertManagesScope(actor, command.team);
    const publicKeyPem = readP256PublicKey(command.publicKey);
    return this.dataSource.transaction(async (manager) => {
      if (command.team !== null) await this.teams.assertExists(command.team, manager);
      return this.insert(manager, actor, { team: command.team, name: command.name, publicKeyPem });
    });
  }

  async rotate(
    actor: Principal,
    input: unknown,
  ): Promise<{ retired: SigningKeyRow; successor: SigningKeyRow }> {
    assertManagesSome(actor);
    const command = parseInput(rotateSigningKeyRules, input);
    const publicKeyPem = readP256PublicKey(command.publicKey);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.manageable(actor, manager, command.keyId);
      if (current.revoked_at || current.retired_at) {
        throw new PreconditionFailedError(
          `Key "${current.name}" is already ${current.revoked_at ? 'revoked' : 'rotated out'}: register a new key instead`,
          { keyId: current.key_id },
        );
      }
      const successor = await this.insert(manager, actor, {
        team: current.team_slug,
        name: command.name,
        publicKeyPem,
      });
      // An UPDATE answers [rows, affected count].
      const [[retired]]: [SigningKeyRow[], number] = await manager.query(
        `/* retireSigningKey */ UPDATE governance.signing_key
            SET retired_at = $2, retired_by = $3, replaced_by = $4
          WHERE key_id = $1 RETURNING ${SIGNING_KEY_COLUMNS}`,
        [current.key_id, successor.registered_at, actorOf(actor), successor.key_id],
      );
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.SigningKeyRotated,
        subjectId: current.key_id,
        actor: actorOf(actor),
        payload: {
          keyId: current.key_id,
          team: current.team_slug,
          replacedBy: successor.key_id,
          retiredAt: retired!.retired_at!.toISOString(),
        },
      });
      return { retired: retired!, successor };
    });
  }

  async revoke(actor: Principal, input: unknown): Promise<SigningKeyRow> {
    assertManagesSome(actor);
    const command = parseInput(revokeSigningKeyRules, input);
    if (command.effectiveFrom && command.effectiveFrom.getTime() > Date.now() + CLOCK_SKEW_MS) {
      throw InvalidInputError.field('effectiveFrom', 'must not be in the future: revoke when it is due');
    }
    return this.dataSource.transaction(async (manager) => {
      const current = await this.manageable(actor, manager, command.keyId);
      if (current.revoked_at) {
        throw new PreconditionFailedError(
          `Key "${current.name}" was already revoked on ${current.revoked_at.toISOString()}`,
          { keyId: current.key_id },
        );
      }
      const [[revoked]]: [SigningKeyRow[], number] = await manager.query(
        `/* revokeSigningKey */ UPDATE governance.signing_key
            SET revoked_at = clock_timestamp(), revoked_effective_from = LEAST(COALESCE($2, clock_timestamp()), clock_timestamp()),
                revoked_by = $3, revocation_reason = $4
          WHERE key_id = $1 RETURNING ${SIGNING_KEY_COLUMNS}`,
        [current.key_id, command.effectiveFrom, actorOf(actor), command.reason],
      );
      await governanceEventLog.publish(manager, {
        type: GovernanceEvents.SigningKeyRevoked,
        subjectId: current.key_id,
        actor: actorOf(actor),
        payload: {
          keyId: current.key_id,
          team: current.team_slug,
          reason: command.reason,
          effectiveFrom: revoked!.revoked_effective_from!.toISOString(),
        },
      });
      return revoked!;
    });
  }

  /**
   * A team's keys and the platform's (`team` null: the platform's only), every state, oldest
   * first. Any signed-in caller reads the platform's; a team's members, admins and auditors its own.
   */
  async list(actor: Principal, team: string | null): Promise<SigningKeyRow[]> {
    if (team !== null && !readsEverything(actor) && !isMemberOf(actor, team)) {
      throw new ForbiddenError(`Only members of team "${team}" see its trusted signing keys`);
    }
    return this.dataSource.query(
      `/* listSigningKeys */ SELECT ${SIGNING_KEY_COLUMNS} FROM governance.signing_key
        WHERE team_slug IS NULL OR team_slug = $1 ORDER BY registered_at, key_id`,
      [team],
    );
  }

  private async insert(
    manager: EntityManager,
    actor: Principal,
    key: { team: string | null; name: string; publicKeyPem: string },
  ): Promise<SigningKeyRow> {
    const keyId = keyIdOf(key.publicKeyPem);
    const [row]: SigningKeyRow[] = await manager.query(
      `/* insertSigningKey */ INSERT INTO governance.signing_key (key_id, team_slug, name, public_key, registered_by)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key_id) DO NOTHING RETURNING ${SIGNING_KEY_COLUMNS}`,
      [keyId, key.team, key.name, key.publicKeyPem, actorOf(actor)],
    );
    // Which team holds it is not said: the caller may not be one of its members.
    if (!row) throw new ConflictError(`Key ${keyId} is already registered`, { keyId });
    await governanceEventLog.publish(manager, {
      type: GovernanceEvents.SigningKeyRegistered,
      subjectId: keyId,
      actor: actorOf(actor),
      payload: { keyId, team: key.team, name: key.name, publicKeyPem: key.publicKeyPem },
    });
    return row;
  }

  /** Locked for the change; NOT_FOUND unless the caller may manage it. */
  private async manageable(actor: Principal, manager: EntityManager, keyId: string): Promise<SigningKeyRow> {
    const row = /^[0-9a-f]{64}$/.test(keyId) ? await signingKeyById(manager, keyId, { lock: true }) : null;
    if (!row || !manages(actor, row.team_slug)) throw new NotFoundError('SigningKey', keyId);
    return row;
  }
}

function manages(actor: Principal, team: string | null): boolean {
  if (isPlatformAdmin(actor)) return true;
  return team !== null && hasTeamRole(actor, team, 'maintainer');
}

function assertManagesScope(actor: Principal, team: string | null): void {
  if (!hasScope(actor, 'admin') || !manages(actor, team)) {
    throw new ForbiddenError(
      team === null
        ? 'Only platform admins register platform signing keys, with the admin scope'
        : `Only maintainers of team "${team}" register its signing keys, with the admin scope`,
    );
  }
}

/** Rights first: a caller who maintains no team learns nothing about which keys exist. */
function assertManagesSome(actor: Principal): void {
  if (!hasScope(actor, 'admin') || !hasTeamRoleAnywhere(actor, 'maintainer')) {
    throw new ForbiddenError(
      'Managing signing keys needs the maintainer role in the key’s team and the admin scope',
    );
  }
}
