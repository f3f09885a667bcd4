import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Stage } from './stage';

/** The current stage of a version that has moved at least once; absent means DEVELOPMENT. */
@Entity({ name: 'model_version_stage' })
export class ModelVersionStage {
  @PrimaryColumn('uuid')
  modelVersionId: string;

  @Column('text')
  stage: Stage;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;

  @Column('text')
  updatedBy: string;
}
