import { createSubgraphDataSource, type SessionTimeouts } from '@cairn/database';
import { governanceEvents, TypedEventLog } from '@cairn/events';
import type { DataSource } from 'typeorm';
import { ModelVersionStage } from './entities/model-version-stage.entity';
import { StageTransition } from './entities/stage-transition.entity';
import { CreateGovernanceStages1763942400000 } from './migrations/1763942400000-create-governance-stages';
import { ProtectRecordsAndGrantServiceRole1764000000000 } from './migrations/1764000000000-protect-records-and-grant-service-role';
import { CreateEventQuarantine1764200000000 } from './migrations/1764200000000-create-event-quarantine';
import { RecordVersionCreators1764300000000 } from './migrations/1764300000000-record-version-creators';
import { DirectoryVisibility1764500000000 } from './migrations/1764500000000-directory-visibility';
import { ManageMembershipsAndApiTokens1764600000000 } from './migrations/1764600000000-manage-memberships-and-api-tokens';
import { RecordAccessAndAccessRequests1764700000000 } from './migrations/1764700000000-record-access-and-access-requests';
import { PromotionRequests1765400000000 } from './migrations/1765400000000-promotion-requests';
import { AuditChain1765500000000 } from './migrations/1765500000000-audit-chain';
import { Webhooks1765600000000 } from './migrations/1765600000000-webhooks';
import { GuardrailEvaluations1765800000000 } from './migrations/1765800000000-guardrail-evaluations';
import { PromotionDecisionRecords1765900000000 } from './migrations/1765900000000-promotion-decision-records';
import { ProductionRollback1766000000000 } from './migrations/1766000000000-production-rollback';
import { TrustedSigningKeys1766060000000 } from './migrations/1766060000000-trusted-signing-keys';
import { RiskTierChangeRequests1766070000000 } from './migrations/1766070000000-risk-tier-change-requests';
import { ServingReportScope1766110000000 } from './migrations/1766110000000-serving-report-scope';
import { Rollouts1766300000000 } from './migrations/1766300000000-rollouts';
import { TeamRequests1766400000000 } from './migrations/1766400000000-team-requests';

export const GOVERNANCE_SCHEMA = governanceEvents.schema;

/** Governance's event log; stage changes are published here for audit, search and webhooks. */
export const governanceEventLog = new TypedEventLog(governanceEvents);

export function createGovernanceDataSource(
  url: string,
  poolSize?: number,
  timeouts?: SessionTimeouts,
): DataSource {
  return createSubgraphDataSource({
    url,
    schema: GOVERNANCE_SCHEMA,
    entities: [ModelVersionStage, StageTransition],
    migrations: [
      CreateGovernanceStages1763942400000,
      ProtectRecordsAndGrantServiceRole1764000000000,
      CreateEventQuarantine1764200000000,
      RecordVersionCreators1764300000000,
      DirectoryVisibility1764500000000,
      ManageMembershipsAndApiTokens1764600000000,
      RecordAccessAndAccessRequests1764700000000,
      PromotionRequests1765400000000,
      AuditChain1765500000000,
      Webhooks1765600000000,
      GuardrailEvaluations1765800000000,
      PromotionDecisionRecords1765900000000,
      ProductionRollback1766000000000,
      TrustedSigningKeys1766060000000,
      RiskTierChangeRequests1766070000000,
      ServingReportScope1766110000000,
      Rollouts1766300000000,
      TeamRequests1766400000000,
    ],
    poolSize,
    timeouts,
    applicationName: 'cairn-governance',
  });
}
