import type { SubgraphConfig } from '@cairn/config';
import { createSigner, SignerHandle } from '@cairn/signing';
import type { BaseContext, SubgraphModule } from '@cairn/subgraph-kit';
import { AuditService } from './audit.service';
import { auditExportRoutes } from './audit-export-route';
import { auditFeeds } from './audit-feeds';

/**
 * Adds the audit chain to governance's wiring: the five feeds that chain every event and every
 * refused access, the periodic job that signs the chain head, and the export route. The signer is
 * opened at the first checkpoint, not at start-up, so a subgraph whose HSM is briefly away still
 * serves; the failed checkpoint is logged and tried again at the next tick.
 */
export function withAuditChain<C extends BaseContext>(module: SubgraphModule<C>): SubgraphModule<C> {
  return {
    ...module,
    wire(dataSource, config: SubgraphConfig) {
      const wiring = module.wire(dataSource, config);
      const audit = new AuditService(dataSource);
      const signer = new SignerHandle(() => createSigner(config));
      return {
        ...wiring,
        consumers: [...(wiring.consumers ?? []), ...auditFeeds(dataSource)],
        jobs: [
          ...(wiring.jobs ?? []),
          {
            name: 'audit-checkpoint',
            intervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS,
            run: async () => (await audit.checkpoint(await signer.get()))?.seq ?? null,
          },
        ],
        routes: [...(wiring.routes ?? []), ...auditExportRoutes(audit)],
        async close() {
          await Promise.allSettled([signer.close()]);
          await wiring.close?.();
        },
      };
    },
  };
}
