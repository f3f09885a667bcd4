import { createSubgraphDataSource, type SessionTimeouts } from '@cairn/database';
import { EventLog } from '@cairn/event-log';
import type { DataSource } from 'typeorm';
import { Model } from './entities/model.entity';
import { ModelVersion } from './entities/model-version.entity';
import { Team } from './entities/team.entity';
import { CreateRegistryCatalog1763856000000 } from './migrations/1763856000000-create-registry-catalog';
import { ProtectRecordsAndGrantServiceRole1764000000000 } from './migrations/1764000000000-protect-records-and-grant-service-role';

export const REGISTRY_SCHEMA = 'registry';

/** The registry's event log; other subgraphs and the indexer consume it. */
export const registryEventLog = new EventLog(REGISTRY_SCHEMA);

export function createRegistryDataSource(
  url: string,
  poolSize?: number,
  timeouts?: SessionTimeouts,
): DataSource {
  return createSubgraphDataSource({
    url,
    schema: REGISTRY_SCHEMA,
    entities: [Team, Model, ModelVersion],
    migrations: [CreateRegistryCatalog1763856000000, ProtectRecordsAndGrantServiceRole1764000000000],
    poolSize,
    timeouts,
    applicationName: 'cairn-registry',
  });
}
