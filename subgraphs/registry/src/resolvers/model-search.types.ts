import { PageInfo } from '@cairn/subgraph-kit';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { Model } from '../entities/model.entity';
import { searchRules } from '../services/model-search.service';

@InputType({ description: 'Within a kind any value matches (tags: all must match); kinds combine with AND.' })
export class ModelSearchFiltersInput {
  static readonly schema = searchRules.shape.filters.unwrap().unwrap();

  @Field(() => [String], { nullable: true, description: 'Team slugs.' })
  teams?: string[] | null;

  @Field(() => [String], { nullable: true })
  tasks?: string[] | null;

  @Field(() => [String], { nullable: true })
  frameworks?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Models having every one of these tags.' })
  tags?: string[] | null;
}

@ObjectType()
export class FacetCount {
  @Field()
  value: string;

  @Field(() => Int)
  count: number;
}

@ObjectType({
  description:
    'Counts per value. Each kind is counted with every other kind’s filter but not its own, so unselected values show what selecting them would add; tags, which combine with AND, obey all filters.',
})
export class ModelSearchFacets {
  @Field(() => [FacetCount], { description: 'By team slug.' })
  teams: FacetCount[];

  @Field(() => [FacetCount])
  tasks: FacetCount[];

  @Field(() => [FacetCount])
  frameworks: FacetCount[];

  @Field(() => [FacetCount])
  tags: FacetCount[];
}

@ObjectType()
export class ModelSearchHit {
  @Field(() => Float, { description: 'Relevance; only comparable within one result.' })
  score: number;

  @Field(() => Model)
  model: Model;
}

@ObjectType()
export class ModelSearchResult {
  @Field(() => Int)
  total: number;

  @Field({ description: '`elasticsearch` or `postgres`.' })
  engine: string;

  @Field(() => [ModelSearchHit])
  hits: ModelSearchHit[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => ModelSearchFacets)
  facets: ModelSearchFacets;
}
