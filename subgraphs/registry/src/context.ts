import type { ArtifactStore } from '@cairn/artifact-store';
import type { SearchEngine } from '@cairn/search';
import type { SensitiveDataScanner } from '@cairn/sensitive-data';
import type { BaseContext } from '@cairn/subgraph-kit';
import type { DataSource } from 'typeorm';
import type { HousekeepingLoaders } from './loaders/housekeeping-loaders';
import type { RegistryLoaders } from './loaders/registry-loaders';
import { ArtifactService } from './services/artifact.service';
import { AttachedSignatureService } from './services/attached-signature.service';
import { LegalHoldService } from './services/legal-hold.service';
import { ModelService } from './services/model.service';
import { ModelAliasService } from './services/model-alias.service';
import { ModelAliasQueryService } from './services/model-alias-query.service';
import { ModelLifecycleService } from './services/model-lifecycle.service';
import { ModelSearchService } from './services/model-search.service';
import { ModelVersionService } from './services/model-version.service';
import { ModelVersionDetailsService } from './services/model-version-details.service';
import { ModelVersionImportService } from './services/model-version-import.service';
import { RetentionService } from './services/retention.service';
import { TeamService } from './services/team.service';
import { VersionComparisonService } from './services/version-comparison.service';
import { VersionExportService } from './services/version-export.service';
import type { VersionSigner } from './services/version-signer';
import { VersionStageProjection } from './services/version-stage-projection';
import { VersionVerificationService } from './services/version-verification.service';
import { VisibilityService } from './services/visibility.service';

export function createRegistryServices(
  dataSource: DataSource,
  searchEngine: SearchEngine,
  sensitiveData: SensitiveDataScanner,
  artifactStore: ArtifactStore,
  signer: VersionSigner,
  fallbackSearchEngine?: SearchEngine,
) {
  const versionStages = new VersionStageProjection(dataSource);
  return {
    teams: new TeamService(dataSource),
    models: new ModelService(dataSource, sensitiveData),
    versions: new ModelVersionService(dataSource, sensitiveData, signer),
    verification: new VersionVerificationService(dataSource, artifactStore),
    attachedSignatures: new AttachedSignatureService(dataSource),
    versionDetails: new ModelVersionDetailsService(dataSource),
    artifacts: new ArtifactService(dataSource, artifactStore),
    exports: new VersionExportService(dataSource, artifactStore),
    imports: new ModelVersionImportService(dataSource, sensitiveData, signer),
    visibility: new VisibilityService(dataSource),
    aliases: new ModelAliasService(dataSource),
    aliasQueries: new ModelAliasQueryService(dataSource),
    search: new ModelSearchService(searchEngine, fallbackSearchEngine),
    comparisons: new VersionComparisonService(dataSource),
    lifecycle: new ModelLifecycleService(dataSource),
    legalHolds: new LegalHoldService(dataSource),
    versionStages,
    retention: new RetentionService(dataSource, artifactStore, versionStages),
  };
}
export type RegistryServices = ReturnType<typeof createRegistryServices>;

export interface RegistryContext extends BaseContext {
  services: RegistryServices;
  loaders: RegistryLoaders;
  housekeeping: HousekeepingLoaders;
}
