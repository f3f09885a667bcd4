import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Dataset } from './dataset.entity';
import { TrainingRun } from './training-run.entity';

/** A run's input: which dataset it read, at which position in the list it was given. */
@Entity({ name: 'training_run_dataset' })
export class TrainingRunDataset {
  @PrimaryColumn('uuid')
  trainingRunId: string;

  @PrimaryColumn('uuid')
  datasetId: string;

  @Column('int')
  position: number;

  @ManyToOne(() => TrainingRun)
  @JoinColumn({ name: 'training_run_id' })
  trainingRun?: TrainingRun;

  @ManyToOne(() => Dataset)
  @JoinColumn({ name: 'dataset_id' })
  dataset?: Dataset;
}
