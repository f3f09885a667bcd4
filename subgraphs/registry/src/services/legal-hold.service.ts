import { ForbiddenError, PreconditionFailedError, parseInput } from '@cairn/errors';
import { actorOf, hasScope, isPlatformAdmin, type Principal } from '@cairn/identity';
import type { DataSource } from 'typeorm';
import { registryEventLog } from '../data-source';
import { ModelVersion } from '../entities/model-version.entity';
import { RegistryEvents } from '../events';
import { lockVisibleVersion, recordHousekeeping, versionEventFields } from './housekeeping-locks';
import { legalHoldRules } from './housekeeping-rules';

const isAuditor = (actor: Principal) => actor.orgRoles.includes('auditor');

/**
 * Legal holds on versions. Platform admins and auditors place them; only platform admins
 * release them, so neither the team under scrutiny nor the auditor alone can lift one. A held
 * version's artifacts are never purged, whatever its model's retention policy, and a hold may
 * be placed on a version of an archived model (that is when it matters most). Placing a hold
 * on a held version, or releasing one that is not held, is FAILED_PRECONDITION: a hold is a
 * legal act, and the caller should know theirs did nothing.
 */
export class LegalHoldService {
  constructor(private readonly dataSource: DataSource) {}

  async place(actor: Principal, input: unknown): Promise<ModelVersion> {
    if (!hasScope(actor, 'admin') || !(isPlatformAdmin(actor) || isAuditor(actor))) {
      throw new ForbiddenError(
        'Placing a legal hold needs the platform-admin or auditor role and the admin scope',
      );
    }
    const command = parseInput(legalHoldRules, input);
    return this.dataSource.transaction(async (manager) => {
      const version = await lockVisibleVersion(manager, actor, command.versionId);
      const placed: { model_version_id: string }[] = await manager.query(
        `/* placeLegalHold */ INSERT INTO registry.legal_hold (model_version_id, reason, placed_by)
         VALUES ($1, $2, $3) ON CONFLICT (model_version_id) DO NOTHING RETURNING model_version_id`,
        [version.version_id, command.reason, actorOf(actor)],
      );
      if (placed.length === 0) {
        throw new PreconditionFailedError(`Version ${version.version_id} is already under legal hold`);
      }
      await recordHousekeeping(manager, {
        teamId: version.team_id,
        modelId: version.id,
        versionId: version.version_id,
        action: 'PLACE_LEGAL_HOLD',
        reason: command.reason,
        actor: actorOf(actor),
      });
      await registryEventLog.publish(manager, {
        type: RegistryEvents.LegalHoldPlaced,
        subjectId: version.version_id,
        actor: actorOf(actor),
        payload: { ...versionEventFields(version), reason: command.reason },
      });
      return manager.findOneByOrFail(ModelVersion, { id: version.version_id });
    });
  }

  async release(actor: Principal, input: unknown): Promise<ModelVersion> {
    if (!hasScope(actor, 'admin') || !isPlatformAdmin(actor)) {
      throw new ForbiddenError('Releasing a legal hold needs the platform-admin role and the admin scope');
    }
    const command = parseInput(legalHoldRules, input);
    return this.dataSource.transaction(async (manager) => {
      const version = await lockVisibleVersion(manager, actor, command.versionId);
      const released: [unknown[], number] = await manager.query(
        `/* releaseLegalHold */ DELETE FROM registry.legal_hold WHERE model_version_id = $1`,
        [version.version_id],
      );
      if (released[1] === 0) {
        throw new PreconditionFailedError(`Version ${version.version_id} is not under legal hold`);
      }
      await recordHousekeeping(manager, {
        teamId: version.team_id,
        modelId: version.id,
        versionId: version.version_id,
        action: 'RELEASE_LEGAL_HOLD',
        reason: command.reason,
        actor: actorOf(actor),
      });
      await registryEventLog.publish(manager, {
        type: RegistryEvents.LegalHoldReleased,
        subjectId: version.version_id,
        actor: actorOf(actor),
        payload: { ...versionEventFields(version), reason: command.reason },
      });
      return manager.findOneByOrFail(ModelVersion, { id: version.version_id });
    });
  }
}
