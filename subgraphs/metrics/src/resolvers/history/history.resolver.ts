import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { MetricsContext } from '../../context';
import type { HistoryImportRow, HistorySummary } from '../../services/insights/history-import.service';
import { HistoricalModelInput, InsightsHistoryCheck, InsightsHistoryImport } from './history.types';

@Authorized()
@Resolver(() => InsightsHistoryImport)
export class InsightsHistoryResolver {
  @Mutation(() => InsightsHistoryImport, {
    description:
      'Imports registrations and promotions from before Cairn (a migration from another registry), so the insights’ trends and lead times start where the organisation’s history does: platform admins with the write scope. Facts keep the times they happened at; the import itself is recorded and audited. Imported facts never count as production models now. At most 200 models and 2,000 versions a call; a version already imported from the same source is a CONFLICT and nothing is written.',
  })
  importInsightsHistory(
    @Arg('source', {
      description: 'The system the history comes from, e.g. `mlflow-prod`. At most 100 characters.',
    })
    source: string,
    @Arg('models', () => [HistoricalModelInput]) models: HistoricalModelInput[],
    @Ctx() ctx: MetricsContext,
  ): Promise<HistoryImportRow> {
    return ctx.services.history.import(ctx.principal, { source, models });
  }

  @Query(() => InsightsHistoryCheck, {
    description:
      'Checks a history as `importInsightsHistory` would (rights, rules, teams, versions imported before) and writes nothing: the same errors, or what it holds. Platform admins; the read scope is enough.',
  })
  checkInsightsHistory(
    @Arg('source') source: string,
    @Arg('models', () => [HistoricalModelInput]) models: HistoricalModelInput[],
    @Ctx() ctx: MetricsContext,
  ): Promise<HistorySummary> {
    return ctx.services.history.check(ctx.principal, { source, models });
  }

  @Query(() => [InsightsHistoryImport], {
    description: 'Every history import, newest first: executives, platform admins and auditors.',
  })
  insightsHistoryImports(@Ctx() ctx: MetricsContext): Promise<HistoryImportRow[]> {
    return ctx.services.history.list(ctx.principal);
  }
}
