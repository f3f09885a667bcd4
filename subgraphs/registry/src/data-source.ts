import { createSubgraphDataSource, type SessionTimeouts } from '@cairn/database';
import { registryEvents, TypedEventLog } from '@cairn/events';
import type { DataSource } from 'typeorm';
import { Model } from './entities/model.entity';
import { ModelAlias } from './entities/model-alias.entity';
import { ModelAliasChange } from './entities/model-alias-change.entity';
import { ModelVersion } from './entities/model-version.entity';
import { ModelVersionFile } from './entities/model-version-file.entity';
import { Team } from './entities/team.entity';
import { CreateRegistryCatalog1763856000000 } from './migrations/1763856000000-create-registry-catalog';
import { ProtectRecordsAndGrantServiceRole1764000000000 } from './migrations/1764000000000-protect-records-and-grant-service-role';
import { CreateModelSearchDocument1764100000000 } from './migrations/1764100000000-create-model-search-document';
import { CreateEventQuarantine1764200000000 } from './migrations/1764200000000-create-event-quarantine';
import { AddVisibility1764400000000 } from './migrations/1764400000000-add-visibility';
import { AddSearchDocumentVisibility1764450000000 } from './migrations/1764450000000-add-search-document-visibility';
import { CreateModelAliases1764900000000 } from './migrations/1764900000000-create-model-aliases';
import { AddArtifactsAndManifests1765000000000 } from './migrations/1765000000000-add-artifacts-and-manifests';
import { AddHousekeeping1765100000000 } from './migrations/1765100000000-add-housekeeping';
import { AddVersionImportedFrom1765200000000 } from './migrations/1765200000000-add-version-imported-from';
import { AddVersionStagePosition1765300000000 } from './migrations/1765300000000-add-version-stage-position';
import { AddVersionSignatures1765700000000 } from './migrations/1765700000000-add-version-signatures';
import { AddAttachedSignatures1766050000000 } from './migrations/1766050000000-add-attached-signatures';

export const REGISTRY_SCHEMA = registryEvents.schema;

/** The registry's event log; other subgraphs and the indexer consume it. */
export const registryEventLog = new TypedEventLog(registryEvents);

export function createRegistryDataSource(
  url: string,
  poolSize?: number,
  timeouts?: SessionTimeouts,
): DataSource {
  return createSubgraphDataSource({
    url,
    schema: REGISTRY_SCHEMA,
    entities: [Team, Model, ModelVersion, ModelVersionFile, ModelAlias, ModelAliasChange],
    migrations: [
      CreateRegistryCatalog1763856000000,
      ProtectRecordsAndGrantServiceRole1764000000000,
      CreateModelSearchDocument1764100000000,
      CreateEventQuarantine1764200000000,
      AddVisibility1764400000000,
      AddSearchDocumentVisibility1764450000000,
      CreateModelAliases1764900000000,
      AddArtifactsAndManifests1765000000000,
      AddHousekeeping1765100000000,
      AddVersionImportedFrom1765200000000,
      AddVersionStagePosition1765300000000,
      AddVersionSignatures1765700000000,
      AddAttachedSignatures1766050000000,
    ],
    poolSize,
    timeouts,
    applicationName: 'cairn-registry',
  });
}
