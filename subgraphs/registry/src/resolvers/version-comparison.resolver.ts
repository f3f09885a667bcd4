import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context';
import { VersionComparison } from '../entities/version-comparison.type';

@Authorized()
@Resolver(() => VersionComparison)
export class VersionComparisonResolver {
  @Query(() => VersionComparison, {
    description:
      'Lines up 2–10 versions of one model against the first: hyperparameters, provenance, dependencies, artifacts and model card (and, from the metrics subgraph, metrics with deltas). NOT_FOUND for any version the caller may not see; BAD_USER_INPUT for fewer than 2 or more than 10 ids, a repeated id or versions of different models.',
  })
  compareModelVersions(
    @Arg('versionIds', () => [ID]) versionIds: string[],
    @Ctx() ctx: RegistryContext,
    @Arg('onlyDifferences', { defaultValue: true, description: 'Leave out rows where every version agrees.' })
    onlyDifferences: boolean,
  ): Promise<VersionComparison> {
    return ctx.services.comparisons.compare(ctx.principal, versionIds, onlyDifferences);
  }
}
