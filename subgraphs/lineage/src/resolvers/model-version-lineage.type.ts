import { ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where a model version came from: its training runs and their input data.' })
export class ModelVersionLineage {
  /** Not exposed: the field resolvers load runs and datasets by it, only when asked for. */
  modelVersionId: string;
}
