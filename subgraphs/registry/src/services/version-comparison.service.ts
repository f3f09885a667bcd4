import { isUuid } from '@cairn/database';
import { InvalidInputError, NotFoundError } from '@cairn/errors';
import type { Principal } from '@cairn/identity';
import {
  type Change,
  compareVersions,
  MAX_COMPARED,
  MIN_COMPARED,
  type ModelCard,
  type Provenance,
} from '@cairn/model-metadata';
import type { DataSource } from 'typeorm';
import type { ModelVersion } from '../entities/model-version.entity';
import { ModelVersionFile } from '../entities/model-version-file.entity';
import { ChangeKind, type VersionComparison } from '../entities/version-comparison.type';
import { ModelVisibilityPolicy } from './model-visibility';

const toKind = (change: Change): ChangeKind => change.toUpperCase() as ChangeKind;

/**
 * Lines up versions of one model. Only versions of the same model are compared: their numbers
 * name them unambiguously, and a comparison across models (a challenger against a champion)
 * is better read from each model's own records than from a diff of unrelated cards.
 */
export class VersionComparisonService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * BAD_USER_INPUT for fewer than 2 or more than 10 ids, or a repeated one; NOT_FOUND for the
   * first id the caller may not see, exactly as `modelVersion(id)` answers it; BAD_USER_INPUT
   * when the versions belong to different models (checked after visibility, so it tells
   * nothing about versions the caller cannot see).
   */
  async compare(actor: Principal, versionIds: readonly string[], onlyDifferences = true) {
    if (versionIds.length < MIN_COMPARED || versionIds.length > MAX_COMPARED) {
      throw InvalidInputError.field(
        'versionIds',
        `must list ${MIN_COMPARED} to ${MAX_COMPARED} versions, got ${versionIds.length}`,
      );
    }
    const normalised = versionIds.map((id) => id.toLowerCase());
    const repeated = normalised.findIndex((id, i) => normalised.indexOf(id) !== i);
    if (repeated >= 0) throw InvalidInputError.field(`versionIds.${repeated}`, 'repeats an earlier version');

    const valid = normalised.filter(isUuid);
    const found =
      valid.length === 0
        ? []
        : await ModelVisibilityPolicy.for(actor)
            .versions(this.dataSource)
            .andWhere('version.id = ANY(:ids::uuid[])', { ids: valid })
            .comment('comparedVersions')
            .getMany();
    const byId = new Map(found.map((v) => [v.id, v]));
    const versions = normalised.map((id, i) => {
      const version = byId.get(id);
      if (!version) throw new NotFoundError('ModelVersion', versionIds[i] as string);
      return version;
    });
    if (new Set(versions.map((v) => v.modelId)).size > 1) {
      throw InvalidInputError.field('versionIds', 'must all be versions of the same model');
    }
    return this.lineUp(versions, onlyDifferences);
  }

  private async lineUp(versions: ModelVersion[], onlyDifferences: boolean): Promise<VersionComparison> {
    const files = await this.dataSource
      .getRepository(ModelVersionFile)
      .createQueryBuilder('f')
      .comment('comparedVersionFiles')
      .where('f.model_version_id = ANY(:ids::uuid[])', { ids: versions.map((v) => v.id) })
      .getMany();
    // Ids label the versions inside the comparison; they are unique, which labels must be.
    const compared = compareVersions(
      versions.map((version) => ({
        label: version.id,
        // An empty object means none was given: then the provenance's hyperparameters count.
        hyperparameters: Object.keys(version.hyperparameters).length > 0 ? version.hyperparameters : null,
        provenance: version.provenance as Provenance,
        card: version.card as ModelCard | null,
        files: files
          .filter((file) => file.modelVersionId === version.id)
          .map((file) => ({ path: file.path, sha256: file.digest, size: file.size })),
      })),
      { onlyDifferences },
    );
    return {
      versionIds: versions.map((v) => v.id),
      onlyDifferences,
      versions,
      hyperparameters: compared.hyperparameters,
      provenance: compared.provenance,
      card: compared.card,
      dependencies: compared.dependencies.map((row) => ({ ...row, changes: row.changes.map(toKind) })),
      dependencyChanges: compared.dependencyChanges.map(({ label, ...changes }) => ({
        versionId: label,
        ...changes,
      })),
      artifacts: compared.artifacts.map((row) => ({ ...row, changes: row.changes.map(toKind) })),
    };
  }
}
