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
    const id = ref.id.toLowerCase();
    // One batch for every Model of the request (an inbox page names dozens).
    if (!(await ctx.loaders.modelVisible.load(id))) throw new NotFoundError('Model', ref.id);
    return { id };
  },
};

/** How the gateway resolves entities governance contributes fields to: NOT_FOUND for what the caller may not see. */
export const governanceReferences = { ModelVersion: visibleVersionReference, Model: visibleModelReference };
