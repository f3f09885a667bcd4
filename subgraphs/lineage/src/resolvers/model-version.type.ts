import { createEntityStub, type EntityStub } from '@cairn/subgraph-kit';

/** The registry's entity; lineage knows only its key and contributes fields to it. */
export const ModelVersion = createEntityStub('ModelVersion');
export type ModelVersion = EntityStub;
