import { createSubgraphDataSource, type SessionTimeouts } from '@cairn/database';
import { lineageEvents, TypedEventLog } from '@cairn/events';
import type { DataSource } from 'typeorm';
import { Dataset } from './entities/dataset.entity';
import { TrainingRun } from './entities/training-run.entity';
import { TrainingRunDataset } from './entities/training-run-dataset.entity';
import { CreateLineageRecords1763942400000 } from './migrations/1763942400000-create-lineage-records';
import { ProtectRecordsAndGrantServiceRole1764000000000 } from './migrations/1764000000000-protect-records-and-grant-service-role';
import { CreateEventQuarantine1764200000000 } from './migrations/1764200000000-create-event-quarantine';
import { RecordVersionCreators1764300000000 } from './migrations/1764300000000-record-version-creators';
import { DirectoryVisibility1764500000000 } from './migrations/1764500000000-directory-visibility';

export const LINEAGE_SCHEMA = lineageEvents.schema;

/** Lineage's event log: training runs and the datasets they first registered. */
export const lineageEventLog = new TypedEventLog(lineageEvents);

export function createLineageDataSource(
  url: string,
  poolSize?: number,
  timeouts?: SessionTimeouts,
): DataSource {
  return createSubgraphDataSource({
    url,
    schema: LINEAGE_SCHEMA,
    entities: [Dataset, TrainingRun, TrainingRunDataset],
    migrations: [
      CreateLineageRecords1763942400000,
      ProtectRecordsAndGrantServiceRole1764000000000,
      CreateEventQuarantine1764200000000,
      RecordVersionCreators1764300000000,
      DirectoryVisibility1764500000000,
    ],
    poolSize,
    timeouts,
    applicationName: 'cairn-lineage',
  });
}
