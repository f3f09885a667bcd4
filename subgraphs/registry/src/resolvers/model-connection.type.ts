import { ConnectionType, PageInfo } from '@cairn/subgraph-kit';
import { Field, Int, ObjectType } from 'type-graphql';
import { Model } from '../entities/model.entity';
import { ModelVersion } from '../entities/model-version.entity';

@ObjectType()
export class ModelEdge {
  @Field()
  cursor: string;

  @Field(() => Model)
  node: Model;
}

@ObjectType()
export class ModelConnection {
  @Field(() => [ModelEdge])
  edges: ModelEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

export const ModelVersionConnection = ConnectionType(
  ModelVersion,
  'ModelVersion',
  'How many versions the model has.',
);
