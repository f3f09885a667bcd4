import type { SubgraphConfig } from '@cairn/config';
import { createSigner, type Signer } from '@cairn/signing';
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
      let signer: Promise<Signer> | undefined;
      const openSigner = () => {
        signer ??= createSigner(config).catch((error: unknown) => {
          signer = undefined;
          throw error;
        });
        return signer;
      };
      return {
        ...wiring,
        consumers: [...(wiring.consumers ?? []), ...auditFeeds(dataSource)],
        jobs: [
          ...(wiring.jobs ?? []),
          {
            name: 'audit-checkpoint',
            intervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS,
            run: async () => (await audit.checkpoint(await openSigner()))?.seq ?? null,
          },
        ],
        routes: [...(wiring.routes ?? []), ...auditExportRoutes(audit)],
        async close() {
          const opened = signer;
          signer = undefined;
          await Promise.allSettled([opened?.then((s) => s.close())]);
          await wiring.close?.();
        },
      };
    },
  };
}
