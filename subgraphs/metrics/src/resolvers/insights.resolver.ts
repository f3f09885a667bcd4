import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { MetricsContext } from '../context';
import { InsightsArgs } from './inputs/insights.args';
import { Insights } from './insights.types';

@Authorized()
@Resolver(() => Insights)
export class InsightsResolver {
  @Query(() => Insights, {
    description:
      "Adoption, promotion lead time, approvals and risk posture. Executives, platform admins and auditors see every team; others their teams. Another team's name answers NOT_FOUND, as an unknown one does; private models are counted, never named, to whoever may not see them.",
  })
  insights(@Args() args: InsightsArgs, @Ctx() ctx: MetricsContext): Promise<Insights> {
    return ctx.services.insights.insights(ctx.principal, args);
  }
}
