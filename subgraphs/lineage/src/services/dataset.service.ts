import { NotFoundError } from '@cairn/errors';
import type { Principal } from '@cairn/identity';
import type { ModelDirectory } from '@cairn/model-directory';
import { findByIdOrNotFound } from '@cairn/subgraph-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { Dataset } from '../entities/dataset.entity';
import type { DatasetCommand } from './lineage-rules';

export interface RecordedDatasets {
  /** One per distinct (uri, checksum), in the order first given. */
  datasets: Dataset[];
  /** The subset this call created; the rest already existed. */
  created: Dataset[];
}

const identity = (d: { uri: string; checksum: string }) => `${d.checksum} ${d.uri}`;

function firstOfEach(inputs: DatasetCommand[]): DatasetCommand[] {
  const first = new Map<string, DatasetCommand>();
  for (const input of inputs) if (!first.has(identity(input))) first.set(identity(input), input);
  return [...first.values()];
}

export class DatasetService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ModelDirectory,
  ) {}

  /**
   * Finds or creates each dataset version inside the caller's transaction. A version recorded
   * again keeps its first name. Concurrent callers inserting the same version wait on the unique
   * index, and under READ COMMITTED the re-read below sees whichever row won.
   */
  async record(manager: EntityManager, actor: string, inputs: DatasetCommand[]): Promise<RecordedDatasets> {
    const unique = firstOfEach(inputs);
    // Inserting in key order makes overlapping concurrent calls take index locks in the same
    // order, so they queue instead of deadlocking.
    const inserted: { id: string }[] = await manager.query(
      `/* insertNewDatasets */ INSERT INTO lineage.dataset (name, uri, checksum, created_by)
       SELECT name, uri, checksum, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS d (name, uri, checksum)
        ORDER BY uri, checksum
       ON CONFLICT ON CONSTRAINT dataset_uri_checksum_key DO NOTHING
       RETURNING id`,
      [unique.map((d) => d.name), unique.map((d) => d.uri), unique.map((d) => d.checksum), actor],
    );
    const rows = await manager.find(Dataset, {
      where: unique.map(({ uri, checksum }) => ({ uri, checksum })),
    });
    const byIdentity = new Map(rows.map((row) => [identity(row), row]));
    const datasets = unique.map((d) => byIdentity.get(identity(d))!);
    const createdIds = new Set(inserted.map((row) => row.id));
    return { datasets, created: datasets.filter((d) => createdIds.has(d.id)) };
  }

  /**
   * The dataset, provided `actor` sees at least one version trained on it; otherwise NOT_FOUND,
   * as if it did not exist. Datasets come into being only with a run that reads them, so a
   * dataset every one of whose runs the caller may not see would tell them only that another
   * team trained on it: that is the other team's business.
   */
  async getVisible(actor: Principal, id: string): Promise<Dataset> {
    const dataset = await findByIdOrNotFound(this.dataSource.getRepository(Dataset), 'Dataset', id);
    const rows: { model_version_id: string }[] = await this.dataSource.query(
      `/* versionsTrainedOnDataset */ SELECT DISTINCT r.model_version_id
         FROM lineage.training_run_dataset AS l JOIN lineage.training_run AS r ON r.id = l.training_run_id
        WHERE l.dataset_id = $1`,
      [dataset.id],
    );
    const versions = await this.directory.getVisibleMany(
      actor,
      rows.map((row) => row.model_version_id),
    );
    if (!versions.some((version) => version !== null)) throw new NotFoundError('Dataset', id);
    return dataset;
  }
}
