import { type SubgraphModule, subgraphWithModelDirectory } from '@cairn/subgraph-kit';
import { createGovernanceServices, type GovernanceContext } from './context';
import { createGovernanceDataSource, GOVERNANCE_SCHEMA } from './data-source';
import { createGovernanceLoaders } from './loaders/governance-loaders';
import { buildGovernanceSchema } from './schema';
import { withTeamDirectory } from './services/access/access-services';
import { withAuditChain } from './services/audit/audit-wiring';
import { withWebhookOutbox } from './services/webhooks/webhook-services';

const PROMOTION_EXPIRY_INTERVAL_MS = 60_000;

export const governanceSubgraph: SubgraphModule<GovernanceContext> = withAuditChain(
  withWebhookOutbox(
    withTeamDirectory(
      subgraphWithModelDirectory({
        name: 'governance',
        schema: GOVERNANCE_SCHEMA,
        createDataSource: createGovernanceDataSource,
        buildSchema: buildGovernanceSchema,
        createServices: createGovernanceServices,
        createLoaders: createGovernanceLoaders,
        close: (services) => services.signer.close(),
        metrics: (services, metrics) => services.registerWebhookMetrics(metrics),
        jobs: (services) => [
          // Open promotion requests nobody decided in time expire, with an event.
          {
            name: 'promotion-expiry',
            intervalMs: PROMOTION_EXPIRY_INTERVAL_MS,
            run: () => services.promotions.expireDue(),
          },
          // Due webhook deliveries (new ones and retries) go out; each attempt is recorded.
          {
            name: 'webhook-dispatch',
            intervalMs: services.webhookDispatchIntervalMs,
            run: () => services.webhookDispatcher.dispatchDue(),
          },
        ],
      }),
    ),
  ),
);
