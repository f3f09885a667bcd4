import { createSubgraphDataSource } from '@cairn/database';
import { EventLog } from '@cairn/event-log';
import type { DataSource } from 'typeorm';
import { ModelVersionStage } from './entities/model-version-stage.entity';
import { StageTransition } from './entities/stage-transition.entity';
import { CreateGovernanceStages1763942400000 } from './migrations/1763942400000-create-governance-stages';
import { CreateEventQuarantine1764200000000 } from './migrations/1764200000000-create-event-quarantine';

export const GOVERNANCE_SCHEMA = 'governance';

/** Governance's event log; stage changes are published here for audit, search and webhooks. */
export const governanceEventLog = new EventLog(GOVERNANCE_SCHEMA);

export function createGovernanceDataSource(url: string, poolSize?: number): DataSource {
  return createSubgraphDataSource({
    url,
    schema: GOVERNANCE_SCHEMA,
    entities: [ModelVersionStage, StageTransition],
    migrations: [CreateGovernanceStages1763942400000, CreateEventQuarantine1764200000000],
    poolSize,
    applicationName: 'cairn-governance',
  });
}
