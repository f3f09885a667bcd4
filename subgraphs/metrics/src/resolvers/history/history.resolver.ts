import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { MetricsContext } from '../../context';
import type { HistoryImportRow } from '../../services/insights/history-import.service';
import { HistoricalModelInput, InsightsHistoryImport } from './history.types';

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

  @Query(() => [InsightsHistoryImport], {
    description: 'Every history import, newest first: executives, platform admins and auditors.',
  })
  insightsHistoryImports(@Ctx() ctx: MetricsContext): Promise<HistoryImportRow[]> {
    return ctx.services.history.list(ctx.principal);
  }
}
