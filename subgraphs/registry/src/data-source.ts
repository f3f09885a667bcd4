import { createSubgraphDataSource } from '@cairn/database';
import { EventLog } from '@cairn/event-log';
import type { DataSource } from 'typeorm';
import { Model } from './entities/model.entity';
import { ModelVersion } from './entities/model-version.entity';
import { Team } from './entities/team.entity';
import { CreateRegistryCatalog1763856000000 } from './migrations/1763856000000-create-registry-catalog';
import { CreateEventQuarantine1764200000000 } from './migrations/1764200000000-create-event-quarantine';

export const REGISTRY_SCHEMA = 'registry';

/** The registry's event log; other subgraphs and the indexer consume it. */
export const registryEventLog = new EventLog(REGISTRY_SCHEMA);

export function createRegistryDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({
    url,
    schema: REGISTRY_SCHEMA,
    entities: [Team, Model, ModelVersion],
    migrations: [CreateRegistryCatalog1763856000000, CreateEventQuarantine1764200000000],
    poolSize,
    applicationName: 'cairn-registry',
  });
}
