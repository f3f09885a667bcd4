import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  PreconditionFailedError,
  parseInput,
} from '@cairn/errors';
import { actorOf, hasScope, hasTeamRole, hasTeamRoleAnywhere, type Principal } from '@cairn/identity';
import { prose } from '@cairn/input-rules';
import { modelSigningResources, parseManifest } from '@cairn/model-metadata';
import { keyIdOf, readP256PublicKey, verifyModelSignature } from '@cairn/signing';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { registryEventLog } from '../data-source';
import { RegistryEvents } from '../events';
import { lockVisibleVersion } from './housekeeping-locks';
import { refuseIfArchived } from './housekeeping-rules';

/** A Sigstore bundle over a few thousand files stays well under this. */
export const MAX_BUNDLE_BYTES = 1024 * 1024;
const MAX_PUBLIC_KEY_LENGTH = 4096;

export const attachSignatureRules = z.object({
  // Any string: one that names no version the caller may see is answered NOT_FOUND.
  modelVersionId: z.string(),
  bundle: z
    .string()
    .min(1, 'must not be empty')
    .refine((v) => Buffer.byteLength(v) <= MAX_BUNDLE_BYTES, `must be at most ${MAX_BUNDLE_BYTES} bytes`),
  publicKey: prose(MAX_PUBLIC_KEY_LENGTH).min(1, 'must not be empty'),
});

export interface AttachedSignatureRow {
  id: string;
  model_version_id: string;
  key_id: string;
  public_key: string;
  bundle: Record<string, unknown>;
  attached_by: string;
  attached_at: Date;
}

export const ATTACHED_SIGNATURE_COLUMNS =
  'id, model_version_id, key_id, public_key, bundle, attached_by, attached_at';

/**
 * Signatures a version's team makes with its own keys (a training pipeline's, say) and hands
 * to the registry, which keeps them beside the one it made at registration. A signature is
 * only accepted if it verifies with the given public key over exactly the files of the
 * version's manifest, so a stored signature always covers what the version is. Whether its
 * key is trusted is governance's decision (`registerSigningKey`), made when a promotion is
 * judged.
 */
export class AttachedSignatureService {
  constructor(private readonly dataSource: DataSource) {}

  async attach(actor: Principal, input: unknown): Promise<AttachedSignatureRow> {
    if (!hasScope(actor, 'write') || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError('Attaching a signature needs the contributor role and the write scope');
    }
    const command = parseInput(attachSignatureRules, input);
    const publicKeyPem = readP256PublicKey(command.publicKey);
    const bundle = readBundle(command.bundle);
    return this.dataSource.transaction(async (manager) => {
      const version = await lockVisibleVersion(manager, actor, command.modelVersionId);
      if (!hasTeamRole(actor, version.team_slug, 'contributor')) {
        throw new ForbiddenError(`Only contributors of team "${version.team_slug}" sign its versions`);
      }
      refuseIfArchived(version);
      const resources = await resourcesOf(manager, version.version_id);
      const verification = verifyModelSignature(bundle, { publicKeyPem, resources });
      if (!verification.valid) {
        const failed = verification.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`);
        throw InvalidInputError.field(
          'bundle',
          `does not verify over version ${version.version} with this key (${failed.join('; ')})`,
        );
      }
      const keyId = keyIdOf(publicKeyPem);
      const [row]: AttachedSignatureRow[] = await manager.query(
        `/* insertAttachedSignature */ INSERT INTO registry.version_signature
            (model_version_id, key_id, public_key, bundle, attached_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (model_version_id, key_id) DO NOTHING RETURNING ${ATTACHED_SIGNATURE_COLUMNS}`,
        [version.version_id, keyId, publicKeyPem, bundle, actorOf(actor)],
      );
      if (!row) {
        throw new ConflictError(`Version ${version.version} already carries a signature by key ${keyId}`, {
          keyId,
        });
      }
      await registryEventLog.publish(manager, {
        type: RegistryEvents.ModelVersionSignatureAttached,
        subjectId: version.version_id,
        actor: actorOf(actor),
        payload: {
          modelVersionId: version.version_id,
          modelId: version.id,
          teamSlug: version.team_slug,
          version: version.version,
          keyId,
          publicKeyPem,
          bundle,
          attachedAt: row.attached_at.toISOString(),
        },
      });
      return row;
    });
  }
}

function readBundle(text: string): Record<string, unknown> {
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch {
    throw InvalidInputError.field('bundle', 'must be a Sigstore bundle as JSON text (the `model.sig` file)');
  }
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) {
    throw InvalidInputError.field('bundle', 'must be a JSON object (the `model.sig` file)');
  }
  return bundle as Record<string, unknown>;
}

/** What a signature of the version must cover: its manifest's files, as model signing names them. */
async function resourcesOf(manager: EntityManager, versionId: string) {
  const [row]: { manifest: string | null }[] = await manager.query(
    `/* manifestToSign */ SELECT manifest FROM registry.model_version WHERE id = $1`,
    [versionId],
  );
  if (!row?.manifest) {
    throw new PreconditionFailedError(
      `Version ${versionId} was registered before manifests existed: there is nothing a signature could cover`,
    );
  }
  return modelSigningResources(parseManifest(row.manifest).manifest);
}
