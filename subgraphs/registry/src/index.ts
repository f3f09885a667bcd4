import 'reflect-metadata';

export * from './context';
export * from './data-source';
export * from './events';
export { registrySubgraph } from './module';
export { rebuildSearchIndex } from './search/rebuild-search-index';
export { createSearchEngine } from './search/search-engine-factory';
export { type ArtifactPurgeRecord, RetentionService } from './services/retention.service';
export { TeamService } from './services/team.service';
export { VERSION_STAGE_CONSUMER, VersionStageProjection } from './services/version-stage-projection';
