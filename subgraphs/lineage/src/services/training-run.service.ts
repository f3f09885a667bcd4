import { ForbiddenError, NotFoundError, parseInput } from '@cairn/errors';
import { actorOf, hasScope, hasTeamRoleAnywhere, type Principal } from '@cairn/identity';
import type { ModelDirectory } from '@cairn/model-directory';
import { findByIdOrNotFound } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import { lineageEventLog } from '../data-source';
import type { Dataset } from '../entities/dataset.entity';
import { TrainingRun } from '../entities/training-run.entity';
import { TrainingRunDataset } from '../entities/training-run-dataset.entity';
import { type LineageEventInput, LineageEvents } from '../events';
import type { DatasetService } from './dataset.service';
import { recordTrainingRunRules } from './lineage-rules';

function datasetRegistered(dataset: Dataset, actor: string): LineageEventInput {
  const { id: datasetId, name, uri, checksum } = dataset;
  return {
    type: LineageEvents.DatasetRegistered,
    subjectId: datasetId,
    actor,
    payload: { datasetId, name, uri, checksum },
  };
}

export class TrainingRunService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ModelDirectory,
    private readonly datasets: DatasetService,
  ) {}

  async record(actor: Principal, input: unknown): Promise<TrainingRun> {
    // Rights first, as far as they can be told without the version: a caller who contributes
    // to no team learns nothing about which versions exist.
    if (!hasScope(actor, 'write') || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError('Recording training runs needs the contributor role in the owning team');
    }
    const command = parseInput(recordTrainingRunRules, input);
    const by = actorOf(actor);
    return this.dataSource.transaction(async (manager) => {
      const version = await this.directory.getForTeamMember(
        actor,
        command.modelVersionId,
        'record runs for this version',
        manager,
      );
      const { datasets, created } = await this.datasets.record(manager, by, command.inputDatasets);
      const { inputDatasets: _inputs, modelVersionId: _id, ...fields } = command;
      const run = await manager.save(
        manager.create(TrainingRun, { ...fields, modelVersionId: version.id, createdBy: by }),
      );
      await manager.insert(
        TrainingRunDataset,
        datasets.map((dataset, position) => ({ trainingRunId: run.id, datasetId: dataset.id, position })),
      );
      await lineageEventLog.publish(manager, ...created.map((dataset) => datasetRegistered(dataset, by)), {
        type: LineageEvents.TrainingRunRecorded,
        subjectId: run.id,
        actor: by,
        payload: {
          runId: run.id,
          modelVersionId: version.id,
          teamSlug: version.teamSlug,
          datasetIds: datasets.map((d) => d.id),
        },
      });
      return run;
    });
  }

  /** The run, or NOT_FOUND when it does not exist or `actor` may not see the version it trained. */
  async getVisible(actor: Principal, id: string): Promise<TrainingRun> {
    const run = await findByIdOrNotFound(this.dataSource.getRepository(TrainingRun), 'TrainingRun', id);
    const [version] = await this.directory.getVisibleMany(actor, [run.modelVersionId]);
    if (!version) throw new NotFoundError('TrainingRun', id);
    return run;
  }
}
