import { ForbiddenError, parseInput } from '@cairn/errors';
import { actorOf, hasRole, type Principal } from '@cairn/identity';
import type { ModelDirectory } from '@cairn/model-directory';
import type { DataSource } from 'typeorm';
import { metricsEventLog } from '../data-source';
import { Metric } from '../entities/metric.entity';
import { MetricsEvents, type MetricsLoggedPayload } from '../events';
import { logMetricsRules } from './metric-rules';

export class MetricService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ModelDirectory,
  ) {}

  async log(actor: Principal, input: unknown): Promise<Metric[]> {
    if (!hasRole(actor, 'engineer')) throw new ForbiddenError('Logging metrics needs the engineer role');
    const command = parseInput(logMetricsRules, input);
    const by = actorOf(actor);
    return this.dataSource.transaction(async (manager) => {
      const version = await this.directory.getForTeamMember(
        actor,
        command.modelVersionId,
        'log metrics for this version',
        manager,
      );
      const metrics = await manager.save(
        command.metrics.map((metric) =>
          manager.create(Metric, { ...metric, modelVersionId: version.id, loggedBy: by }),
        ),
      );
      const payload: MetricsLoggedPayload = {
        modelVersionId: version.id,
        teamSlug: version.teamSlug,
        metrics: metrics.map(({ id, name, value, dataset }) => ({ id, name, value, dataset })),
      };
      await metricsEventLog.append(manager, {
        type: MetricsEvents.MetricsLogged,
        subjectType: 'ModelVersion',
        subjectId: version.id,
        actor: by,
        payload,
      });
      return metrics;
    });
  }
}
