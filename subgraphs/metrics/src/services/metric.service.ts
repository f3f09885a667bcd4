import { ForbiddenError, parseInput } from '@cairn/errors';
import { actorOf, hasScope, hasTeamRoleAnywhere, type Principal } from '@cairn/identity';
import type { ModelDirectory } from '@cairn/model-directory';
import type { DataSource } from 'typeorm';
import { metricsEventLog } from '../data-source';
import { Metric } from '../entities/metric.entity';
import { MetricsEvents } from '../events';
import { logMetricsRules } from './metric-rules';

export class MetricService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: ModelDirectory,
  ) {}

  async log(actor: Principal, input: unknown): Promise<Metric[]> {
    if (!hasScope(actor, 'write') || !hasTeamRoleAnywhere(actor, 'contributor')) {
      throw new ForbiddenError('Logging metrics needs the contributor role in the owning team');
    }
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
      await metricsEventLog.publish(manager, {
        type: MetricsEvents.MetricsLogged,
        subjectId: version.id,
        actor: by,
        payload: {
          modelVersionId: version.id,
          teamSlug: version.teamSlug,
          metrics: metrics.map(({ id, name, value, dataset }) => ({ id, name, value, dataset })),
        },
      });
      return metrics;
    });
  }
}
