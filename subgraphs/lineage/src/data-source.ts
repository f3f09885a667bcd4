import { createSubgraphDataSource } from '@cairn/database';
import { EventLog } from '@cairn/event-log';
import type { DataSource } from 'typeorm';
import { Dataset } from './entities/dataset.entity';
import { TrainingRun } from './entities/training-run.entity';
import { TrainingRunDataset } from './entities/training-run-dataset.entity';
import { CreateLineageRecords1763942400000 } from './migrations/1763942400000-create-lineage-records';
import { CreateEventQuarantine1764200000000 } from './migrations/1764200000000-create-event-quarantine';

export const LINEAGE_SCHEMA = 'lineage';

/** Lineage's event log: training runs and the datasets they first registered. */
export const lineageEventLog = new EventLog(LINEAGE_SCHEMA);

export function createLineageDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({
    url,
    schema: LINEAGE_SCHEMA,
    entities: [Dataset, TrainingRun, TrainingRunDataset],
    migrations: [CreateLineageRecords1763942400000, CreateEventQuarantine1764200000000],
    poolSize,
    applicationName: 'cairn-lineage',
  });
}
