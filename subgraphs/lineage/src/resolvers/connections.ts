import { ConnectionType } from '@cairn/subgraph-kit';
import { Dataset } from '../entities/dataset.entity';
import { TrainingRun } from '../entities/training-run.entity';

export const TrainingRunConnection = ConnectionType(
  TrainingRun,
  'TrainingRun',
  'How many runs in all, of versions the caller may see.',
);
export const DatasetConnection = ConnectionType(Dataset, 'Dataset', 'How many datasets in all.');
