import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { MetricsContext } from '../../context';
import type { WindowReport } from '../../services/drift/drift.service';
import type {
  DriftAlarmRow,
  FeatureComparisonRow,
  RetrainSuggestionRow,
} from '../../services/drift/drift-store';
import { ModelVersion } from '../model-version.type';
import {
  AcknowledgeDriftAlarmArgs,
  RegisterReferenceDistributionsArgs,
  ReportProductionWindowArgs,
} from './drift.inputs';
import { DriftAlarm, FeatureDistribution, ProductionWindowReport, RetrainSuggestion } from './drift.types';

@Authorized()
@Resolver(() => DriftAlarm)
export class DriftResolver {
  @Mutation(() => [FeatureDistribution], {
    description:
      'Registers the version’s reference histograms (training or evaluation) and optional threshold overrides: contributors of its team. Replaces the previous set for later windows.',
  })
  registerReferenceDistributions(
    @Args() args: RegisterReferenceDistributionsArgs,
    @Ctx() ctx: MetricsContext,
  ): Promise<FeatureComparisonRow[]> {
    return ctx.services.drift.registerReferences(ctx.principal, args);
  }

  @Mutation(() => ProductionWindowReport, {
    description:
      'A serving system reports one production window, binned like the references: contributors of the team with the write scope, or an API token with read and serving:report. A drifted window raises an alarm with a retrain suggestion; a healthy one resolves the open alarm.',
  })
  reportProductionWindow(
    @Args() args: ReportProductionWindowArgs,
    @Ctx() ctx: MetricsContext,
  ): Promise<WindowReport> {
    return ctx.services.drift.reportWindow(ctx.principal, args);
  }

  @Mutation(() => DriftAlarm, {
    description: 'Closes an open drift alarm: contributors of the version’s team.',
  })
  acknowledgeDriftAlarm(
    @Args() args: AcknowledgeDriftAlarmArgs,
    @Ctx() ctx: MetricsContext,
  ): Promise<DriftAlarmRow> {
    return ctx.services.drift.acknowledgeAlarm(ctx.principal, args);
  }

  @Query(() => [DriftAlarm], {
    description: 'The open drift alarms of every version of a model, newest first.',
  })
  openDriftAlarms(
    @Arg('modelId', () => ID) modelId: string,
    @Ctx() ctx: MetricsContext,
  ): Promise<DriftAlarmRow[]> {
    return ctx.services.drift.openAlarmsOfModel(ctx.principal, modelId);
  }
}

@Authorized()
@Resolver(() => ModelVersion)
export class ModelVersionDriftResolver {
  @FieldResolver(() => [DriftAlarm], { description: 'Drift alarms of the version, newest first.' })
  async driftAlarms(
    @Root() version: ModelVersion,
    @Ctx() ctx: MetricsContext,
    @Arg('openOnly', { defaultValue: false }) openOnly: boolean,
  ): Promise<DriftAlarmRow[]> {
    const alarms = await ctx.loaders.driftAlarms.load(version.id);
    return openOnly ? alarms.filter((alarm) => alarm.resolution === null) : alarms;
  }

  @FieldResolver(() => [RetrainSuggestion], {
    description: 'Retrain suggestions raised with its alarms, newest first.',
  })
  async retrainSuggestions(
    @Root() version: ModelVersion,
    @Ctx() ctx: MetricsContext,
  ): Promise<RetrainSuggestionRow[]> {
    return ctx.loaders.retrainSuggestions.load(version.id);
  }

  @FieldResolver(() => [FeatureDistribution], {
    description:
      'Per feature of the current references: reference against the latest production window, for charts.',
  })
  async driftDistributions(
    @Root() version: ModelVersion,
    @Ctx() ctx: MetricsContext,
  ): Promise<FeatureComparisonRow[]> {
    const known = await ctx.visibleVersions.require(version.id);
    return ctx.services.drift.store.comparisonsOf(known.id);
  }
}
