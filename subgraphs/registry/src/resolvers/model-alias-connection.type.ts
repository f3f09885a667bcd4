import { ConnectionType } from '@cairn/subgraph-kit';
import { ModelAliasChange } from '../entities/model-alias-change.entity';

export const ModelAliasChangeConnection = ConnectionType(
  ModelAliasChange,
  'ModelAliasChange',
  'How many changes match, in all.',
);
