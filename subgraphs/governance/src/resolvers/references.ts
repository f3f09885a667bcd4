import { isUuid } from '@cairn/database';
import { NotFoundError } from '@cairn/errors';
import { type EntityStub, visibleVersionReference } from '@cairn/subgraph-kit';
import type { GovernanceContext } from '../context';

/**
 * `__resolveReference` for the registry's Model: a model with a version the caller may not see
 * answers NOT_FOUND. A model governance knows no version of has nothing here to hide (its tier
 * is the default and it has no history), so it resolves.
 */
const visibleModelReference = {
  __resolveReference: async (ref: { id: string }, ctx: GovernanceContext): Promise<EntityStub> => {
    if (!isUuid(ref.id)) throw new NotFoundError('Model', ref.id);
    const versionId = await ctx.services.approvalPolicies.versionOfModel(ref.id);
    if (versionId) {
      await ctx.visibleVersions.require(versionId).catch(() => {
        throw new NotFoundError('Model', ref.id);
      });
    }
    return { id: ref.id.toLowerCase() };
  },
};

/** How the gateway resolves entities governance contributes fields to: NOT_FOUND for what the caller may not see. */
export const governanceReferences = { ModelVersion: visibleVersionReference, Model: visibleModelReference };
