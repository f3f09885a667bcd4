import { EventConsumer, EventLog, type StoredEvent } from '@cairn/event-log';
import { governanceEvents, lineageEvents, metricsEvents, registryEvents } from '@cairn/events';
import type { BaseContext, SubgraphModule } from '@cairn/subgraph-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { applyLineageEvent, applyMetricsEvent } from './evaluation-facts';
import { applyGovernanceEvent } from './governance-facts';
import { applyRegistryEvent } from './registry-facts';

type Apply = (manager: EntityManager, event: StoredEvent) => Promise<void>;

/** One consumer per log, each with its own cursor: `insights:registry`, `insights:governance`, … */
const SOURCES: { schema: string; apply: Apply }[] = [
  { schema: registryEvents.schema, apply: applyRegistryEvent },
  { schema: governanceEvents.schema, apply: applyGovernanceEvent },
  { schema: lineageEvents.schema, apply: applyLineageEvent },
  { schema: metricsEvents.schema, apply: applyMetricsEvent },
];

export const insightsConsumerName = (schema: string) => `insights:${schema}`;

/**
 * The consumers that keep the `metrics.insights_*` projections current from every subgraph's
 * event log. They apply in the transaction that moves their cursor, so each event counts once;
 * an event they cannot apply (it breaks its contract) is quarantined and the rest go on. Logs are
 * read independently, so a fact may arrive from one log before the fact it follows from another:
 * every write is an upsert that tolerates that (see the migration).
 */
export function createInsightsConsumers(
  dataSource: DataSource,
  options: { batchSize?: number; maxAttempts?: number } = {},
): EventConsumer[] {
  return SOURCES.map(
    ({ schema, apply }) =>
      new EventConsumer(dataSource, {
        name: insightsConsumerName(schema),
        source: new EventLog(schema),
        cursorSchema: metricsEvents.schema,
        batchSize: options.batchSize,
        maxAttempts: options.maxAttempts,
        handle: async (events, manager) => {
          // The four consumers upsert the same rows (a version's registration, stage, evaluation
          // and guardrail facts) from batches in different orders, which can deadlock; taking
          // turns costs little, since each batch is short.
          await manager.query(
            `/* lockInsightsProjections */ SELECT pg_advisory_xact_lock(hashtext('metrics.insights'))`,
          );
          for (const event of events) await apply(manager, event);
        },
      }),
  );
}

/** Adds the insights consumers to a subgraph's background consumers. */
export function withInsights<C extends BaseContext>(module: SubgraphModule<C>): SubgraphModule<C> {
  return {
    ...module,
    wire(dataSource, config) {
      const wiring = module.wire(dataSource, config);
      return {
        ...wiring,
        consumers: [...(wiring.consumers ?? []), ...createInsightsConsumers(dataSource)],
      };
    },
  };
}
