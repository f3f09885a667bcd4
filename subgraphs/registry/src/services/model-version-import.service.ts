import { isUuid } from '@cairn/database';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, parseInput } from '@cairn/errors';
import { actorOf, hasScope, hasTeamRole, hasTeamRoleAnywhere, type Principal } from '@cairn/identity';
import { type BuiltManifest, buildManifest, type Manifest, parseManifest } from '@cairn/model-metadata';
import type { SensitiveDataScanner } from '@cairn/sensitive-data';
import type { DataSource, EntityManager } from 'typeorm';
import { registryEventLog } from '../data-source';
import type { ImportedFromRecord } from '../entities/imported-from.type';
import { ModelVersion } from '../entities/model-version.entity';
import { ModelVersionFile } from '../entities/model-version-file.entity';
import type { Visibility } from '../entities/visibility';
import { RegistryEvents } from '../events';
import { importModelVersionRules } from './import-rules';
import { ModelVisibilityPolicy } from './model-visibility';
import { creationEvidence, signatureColumns, type VersionSigner } from './version-signer';

interface ClaimedNumber {
  version_count: number;
  license: string | null;
  visibility: Visibility;
  name: string;
  team_slug: string;
}

/** The bundle's manifest, re-read; its problems are named as the input field that carried it. */
function readBundleManifest(text: string): BuiltManifest {
  try {
    return parseManifest(text);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new InvalidInputError(
      error.problems.map((problem) => ({
        ...problem,
        path: problem.path.replace(/^manifest/, 'input.bundleManifest'),
      })),
    );
  }
}

/**
 * Imports a version exported from another Cairn instance (a bundle). The client first uploads the
 * bundle's files with the ordinary upload flow, where the store verifies every byte against its
 * digest; this then checks that the manifest is the one exported (its digest), that the model
 * holds every file it lists with that digest and size, and creates the next version of the model
 * with the same files, provenance and card. The manifest is rebuilt for this team, model and
 * number (so its digest is new); the identity the version had there is kept as `importedFrom`.
 */
export class ModelVersionImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sensitiveData: SensitiveDataScanner,
    private readonly signer: VersionSigner,
  ) {}

  async import(actor: Principal, input: unknown): Promise<ModelVersion> {
    // Rights first, as for createModelVersion: no contributor role anywhere is FORBIDDEN for any id.
    if (!hasScope(actor, 'write') || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError('Importing model versions needs the contributor role in the owning team');
    }
    const command = parseInput(importModelVersionRules, input, 'input');
    const exported = readBundleManifest(command.bundleManifest);
    if (exported.digest !== command.importedFrom.manifestDigest) {
      throw InvalidInputError.field(
        'input.importedFrom.manifestDigest',
        `does not match input.bundleManifest, whose digest is ${exported.digest}: the bundle was changed or is not the one exported`,
      );
    }
    const { provenance, card } = exported.manifest;
    await this.sensitiveData.assertClean({
      input: { hyperparameters: command.hyperparameters, provenance, card, files: exported.manifest.files },
    });
    if (!isUuid(command.modelId)) throw new NotFoundError('Model', command.modelId);
    const visible = ModelVisibilityPolicy.for(actor).rawCondition('m', 2);
    return this.dataSource.transaction(async (manager) => {
      // As in createModelVersion: the UPDATE locks the model row until commit, so imports and
      // creations into one model queue here, numbers have no gaps, and the check for an earlier
      // import of the same source version below cannot race another import of it.
      const claimed: [ClaimedNumber[], number] = await manager.query(
        `/* claimNextVersionNumberForImport */
         UPDATE registry.model AS m SET version_count = m.version_count + 1, updated_at = now()
           FROM registry.team AS t
          WHERE m.id = $1 AND t.id = m.team_id AND ${visible.sql}
         RETURNING m.version_count, m.visibility, m.name, m.license, t.slug AS team_slug`,
        [command.modelId.toLowerCase(), ...visible.parameters],
      );
      const model = claimed[0][0];
      if (!model) throw new NotFoundError('Model', command.modelId);
      if (!hasTeamRole(actor, model.team_slug, 'contributor')) {
        throw new ForbiddenError(
          `Only contributors of team "${model.team_slug}" can import versions into this model`,
        );
      }
      const modelId = command.modelId.toLowerCase();
      await this.refuseRepeatedImport(manager, modelId, command.importedFrom);
      await this.requireFilesHeld(manager, modelId, exported.manifest);
      const manifest = buildManifest({
        model: { team: model.team_slug, name: model.name },
        version: model.version_count,
        files: exported.manifest.files,
        provenance,
        ...(card ? { card } : {}),
      });
      const importedFrom: ImportedFromRecord = {
        instance: command.importedFrom.instance,
        versionId: command.importedFrom.versionId,
        version: exported.manifest.version,
        team: exported.manifest.model.team,
        model: exported.manifest.model.name,
        manifestDigest: exported.digest,
        exportedAt: command.importedFrom.exportedAt.toISOString(),
      };
      const signature = await this.signer.sign(model.name, manifest.manifest);
      const version = await manager.save(
        manager.create(ModelVersion, {
          modelId,
          version: model.version_count,
          hyperparameters: command.hyperparameters,
          provenance: provenance as Record<string, unknown>,
          card: (card ?? null) as Record<string, unknown> | null,
          manifest: manifest.json,
          ...signatureColumns(signature),
          manifestDigest: manifest.digest,
          importedFrom,
          createdBy: actorOf(actor),
        }),
      );
      if (manifest.manifest.files.length > 0) {
        await manager.insert(
          ModelVersionFile,
          manifest.manifest.files.map((file) => ({
            modelVersionId: version.id,
            path: file.path,
            digest: `sha256:${file.sha256}`,
            size: file.size,
          })),
        );
      }
      const common = {
        modelVersionId: version.id,
        modelId,
        teamSlug: model.team_slug,
        version: version.version,
        visibility: model.visibility,
      };
      // Consumers of new versions (search, lineage, governance, metrics) need nothing new.
      await registryEventLog.publish(manager, {
        type: RegistryEvents.ModelVersionCreated,
        subjectId: version.id,
        actor: actorOf(actor),
        payload: {
          ...common,
          modelName: model.name,
          manifestDigest: manifest.digest,
          evidence: creationEvidence(model.license, version, manifest.manifest, signature),
        },
      });
      await registryEventLog.publish(manager, {
        type: RegistryEvents.ModelVersionImported,
        subjectId: version.id,
        actor: actorOf(actor),
        payload: { ...common, manifestDigest: manifest.digest, importedFrom },
      });
      return version;
    });
  }

  private async refuseRepeatedImport(
    manager: EntityManager,
    modelId: string,
    origin: { instance: string; versionId: string },
  ): Promise<void> {
    const earlier: { version: number }[] = await manager.query(
      `/* earlierImportOfSourceVersion */
       SELECT version FROM registry.model_version
        WHERE model_id = $1 AND imported_from->>'instance' = $2 AND imported_from->>'versionId' = $3`,
      [modelId, origin.instance, origin.versionId],
    );
    if (earlier[0]) {
      throw new ConflictError(
        `Version ${origin.versionId} of ${origin.instance} was already imported into this model as version ${earlier[0].version}`,
      );
    }
  }

  /**
   * Every listed file must be an artifact uploaded for this model (so the store verified its
   * bytes) with the manifest's digest and size; a changed file was uploaded under another digest
   * and is missing here.
   */
  private async requireFilesHeld(manager: EntityManager, modelId: string, manifest: Manifest): Promise<void> {
    if (manifest.files.length === 0) return;
    const digests = [...new Set(manifest.files.map((file) => `sha256:${file.sha256}`))];
    const held: { digest: string; size: string }[] = await manager.query(
      `/* importedArtifactsHeldByModel */
       SELECT a.digest, a.size FROM registry.model_artifact ma
         JOIN registry.artifact a ON a.digest = ma.digest
        WHERE ma.model_id = $1 AND ma.digest = ANY($2::text[])`,
      [modelId, digests],
    );
    const sizes = new Map(held.map((row) => [row.digest, Number(row.size)]));
    const problems = manifest.files.flatMap((file, index) => {
      const size = sizes.get(`sha256:${file.sha256}`);
      if (size === undefined) {
        return [
          {
            path: `input.bundleManifest.files.${index}.sha256`,
            message: `(${file.path}) was not uploaded for this model with these bytes: upload the bundle's files first`,
          },
        ];
      }
      if (size !== file.size) {
        return [
          {
            path: `input.bundleManifest.files.${index}.size`,
            message: `(${file.path}) is ${file.size} bytes in the manifest, ${size} as stored`,
          },
        ];
      }
      return [];
    });
    if (problems.length > 0) throw new InvalidInputError(problems);
  }
}
