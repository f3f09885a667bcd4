import { InvalidInputError } from '@cairn/errors';
import type { VisibleVersions } from '@cairn/model-directory';
import { compareVersions, MAX_COMPARED, type MetricRow, MIN_COMPARED } from '@cairn/model-metadata';
import type { DataSource } from 'typeorm';
import { Metric } from '../entities/metric.entity';

/** Metrics of compared versions, lined up by the same rules as the rest of the comparison. */
export class MetricComparisonService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * NOT_FOUND for any version the caller may not see: the registry checked already, but this
   * subgraph answers for its own data, whoever sends the representation. Repeats are refused
   * by `compareVersions` (BAD_USER_INPUT).
   */
  async metrics(
    visible: VisibleVersions,
    key: { versionIds: string[]; onlyDifferences: boolean },
  ): Promise<MetricRow[]> {
    const ids = key.versionIds.map((id) => id.toLowerCase());
    if (ids.length < MIN_COMPARED || ids.length > MAX_COMPARED) {
      throw InvalidInputError.field('versionIds', `must list ${MIN_COMPARED} to ${MAX_COMPARED} versions`);
    }
    await Promise.all(key.versionIds.map((id) => visible.require(id)));
    // The latest value per (version, name, dataset), as `ModelVersion.metrics` shows it.
    const latest = await this.dataSource
      .getRepository(Metric)
      .createQueryBuilder('m')
      .comment('comparedLatestMetrics')
      .distinctOn(['m.model_version_id', 'm.name', 'm.dataset'])
      .where('m.model_version_id = ANY(:ids::uuid[])', { ids })
      .orderBy('m.model_version_id')
      .addOrderBy('m.name')
      .addOrderBy('m.dataset', 'ASC', 'NULLS FIRST')
      .addOrderBy('m.logged_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .getMany();
    return compareVersions(
      ids.map((id) => ({ label: id, metrics: latest.filter((metric) => metric.modelVersionId === id) })),
      { onlyDifferences: key.onlyDifferences },
    ).metrics;
  }
}
