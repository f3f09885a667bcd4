import { cursorCodec, cursorParts } from '@cairn/subgraph-kit';

/** `Model.versions` is ordered by version number, unique within a model. */
export const versionCursor = cursorCodec('model-version', cursorParts.int);
