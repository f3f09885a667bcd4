import { isUuid } from '@cairn/database';
import { ForbiddenError, InvalidInputError, NotFoundError, parseInput } from '@cairn/errors';
import { actorOf, hasScope, hasTeamRole, hasTeamRoleAnywhere, type Principal } from '@cairn/identity';
import {
  buildManifest,
  filePathProblem,
  normaliseFilePath,
  parseModelCard,
  parseProvenance,
} from '@cairn/model-metadata';
import type { SensitiveDataScanner } from '@cairn/sensitive-data';
import type { DataSource, EntityManager } from 'typeorm';
import { registryEventLog } from '../data-source';
import { ModelVersion } from '../entities/model-version.entity';
import { ModelVersionFile } from '../entities/model-version-file.entity';
import type { Visibility } from '../entities/visibility';
import { RegistryEvents } from '../events';
import { type CreateModelVersionCommand, createModelVersionRules } from './catalog-rules';
import { refuseIfArchived } from './housekeeping-rules';
import { ModelVisibilityPolicy } from './model-visibility';
import { creationEvidence, signatureColumns, type VersionSigner } from './version-signer';

interface ClaimedNumber {
  version_count: number;
  license: string | null;
  visibility: Visibility;
  name: string;
  team_slug: string;
  archived_at: Date | null;
  archived_by: string | null;
  archive_reason: string | null;
}

/** Paths checked against the input's own order, so each problem names the file as it was sent. */
function checkFilePaths(files: CreateModelVersionCommand['files']): void {
  const seen = new Map<string, number>();
  const problems = files.flatMap((file, index) => {
    const path = normaliseFilePath(file.path);
    const problem = filePathProblem(path);
    if (problem) return [{ path: `input.files.${index}.path`, message: problem }];
    const earlier = seen.get(path);
    seen.set(path, index);
    return earlier === undefined
      ? []
      : [{ path: `input.files.${index}.path`, message: `repeats input.files.${earlier}.path` }];
  });
  if (problems.length > 0) throw new InvalidInputError(problems);
}

export class ModelVersionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sensitiveData: SensitiveDataScanner,
    private readonly signer: VersionSigner,
  ) {}

  async create(actor: Principal, input: unknown): Promise<ModelVersion> {
    // Rights first, as in every subgraph: a caller who contributes to no team is FORBIDDEN for
    // any id, existing or not; one who does, but cannot see this model, gets NOT_FOUND below.
    if (!hasScope(actor, 'write') || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError('Creating model versions needs the contributor role in the owning team');
    }
    const command = parseInput(createModelVersionRules, input);
    const provenance = parseProvenance(command.provenance, 'input.provenance');
    const card = command.card == null ? null : parseModelCard(command.card, 'input.card');
    checkFilePaths(command.files);
    // Nothing that carries a secret or personal data is stored, not even in a refused version.
    await this.sensitiveData.assertClean({
      input: { hyperparameters: command.hyperparameters, provenance, card, files: command.files },
    });
    if (!isUuid(command.modelId)) throw new NotFoundError('Model', command.modelId);
    const visible = ModelVisibilityPolicy.for(actor).rawCondition('m', 2);
    return this.dataSource.transaction(async (manager) => {
      // Claiming the next number updates the model row, which locks it until commit: concurrent
      // creators queue here, and a rolled-back creation releases its number, so there are no gaps.
      // A model the caller may not see claims nothing and is NOT_FOUND, as if it did not exist.
      const claimed: [ClaimedNumber[], number] = await manager.query(
        `/* claimNextVersionNumber */
         UPDATE registry.model AS m SET version_count = m.version_count + 1, updated_at = now()
           FROM registry.team AS t
          WHERE m.id = $1 AND t.id = m.team_id AND ${visible.sql}
         RETURNING m.version_count, m.visibility, m.name, m.license, t.slug AS team_slug,
                   m.archived_at, m.archived_by, m.archive_reason`,
        [command.modelId, ...visible.parameters],
      );
      const model = claimed[0][0];
      if (!model) throw new NotFoundError('Model', command.modelId);
      if (!hasTeamRole(actor, model.team_slug, 'contributor')) {
        throw new ForbiddenError(
          `Only contributors of team "${model.team_slug}" can add versions to this model`,
        );
      }
      // Rolling back releases the number the claim took.
      refuseIfArchived({ ...model, id: command.modelId });
      const files = await this.filesHeldByModel(manager, command);
      const manifest = buildManifest({
        model: { team: model.team_slug, name: model.name },
        version: model.version_count,
        files,
        provenance,
        ...(card ? { card } : {}),
      });
      const signature = await this.signer.sign(model.name, manifest.manifest);
      const version = await manager.save(
        manager.create(ModelVersion, {
          modelId: command.modelId,
          version: model.version_count,
          hyperparameters: command.hyperparameters,
          provenance: provenance as Record<string, unknown>,
          card: card as Record<string, unknown> | null,
          manifest: manifest.json,
          ...signatureColumns(signature),
          manifestDigest: manifest.digest,
          createdBy: actorOf(actor),
        }),
      );
      // The manifest normalised the paths (NFC) and sorted them: store them as it lists them.
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
      await registryEventLog.publish(manager, {
        type: RegistryEvents.ModelVersionCreated,
        subjectId: version.id,
        actor: actorOf(actor),
        payload: {
          modelVersionId: version.id,
          modelId: version.modelId,
          modelName: model.name,
          teamSlug: model.team_slug,
          version: version.version,
          visibility: model.visibility,
          manifestDigest: manifest.digest,
          evidence: creationEvidence(model.license, version, manifest.manifest, signature),
        },
      });
      return version;
    });
  }

  /**
   * The files as the manifest lists them, with their sizes from the store's record. A version may
   * only name artifacts uploaded for its own model: knowing another team's digest is not enough.
   */
  private async filesHeldByModel(manager: EntityManager, command: CreateModelVersionCommand) {
    if (command.files.length === 0) return [];
    const digests = [...new Set(command.files.map((file) => file.sha256))];
    const held: { digest: string; size: string }[] = await manager.query(
      `/* artifactsHeldByModel */
       SELECT a.digest, a.size FROM registry.model_artifact ma
         JOIN registry.artifact a ON a.digest = ma.digest
        WHERE ma.model_id = $1 AND ma.digest = ANY($2::text[]) AND a.purged_at IS NULL`,
      [command.modelId, digests],
    );
    const sizes = new Map(held.map((row) => [row.digest, Number(row.size)]));
    const problems = command.files.flatMap((file, index) =>
      sizes.has(file.sha256)
        ? []
        : [
            {
              path: `input.files.${index}.sha256`,
              message: 'was not uploaded for this model: upload it with beginArtifactUpload first',
            },
          ],
    );
    if (problems.length > 0) throw new InvalidInputError(problems);
    return command.files.map((file) => ({
      path: file.path,
      sha256: file.sha256.slice('sha256:'.length),
      size: sizes.get(file.sha256) as number,
    }));
  }

  /** NOT_FOUND for a version of a model the caller may not see, as for one that does not exist. */
  async getById(actor: Principal, id: string): Promise<ModelVersion> {
    const version = isUuid(id)
      ? await ModelVisibilityPolicy.for(actor)
          .versions(this.dataSource)
          .andWhere('version.id = :id', { id: id.toLowerCase() })
          .getOne()
      : null;
    if (!version) throw new NotFoundError('ModelVersion', id);
    return version;
  }
}
