import { Field, Int, ObjectType } from 'type-graphql';
import { Model } from '../entities/model.entity';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

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
