import {
  PROMOTION_REQUEST_FIELDS,
  type PromotionRequest,
  type RiskTier,
  type Stage,
  type StageMove,
} from './promotion-fields';

/** Versions scanned for the model's PRODUCTION one; a model keeps at most one there. */
export const VERSIONS_SCANNED = 50;

/**
 * One request with the evidence an approver weighs: the version's card and provenance
 * completeness, its stage history, and the model's versions to find the one in PRODUCTION.
 */
export const PROMOTION_DETAIL_QUERY = /* GraphQL */ `
  query PromotionDetail($id: ID!) {
    promotionRequest(id: $id) {
      ${PROMOTION_REQUEST_FIELDS}
      guardrails { passed bundleVersion riskTier evaluatedAt evaluatedBy results { check passed explanation } }
      modelVersion {
        id
        version
        stage
        createdBy
        createdAt
        manifestDigest
        cardCompleteness { complete missing }
        provenanceCompleteness { complete missing }
        stageHistory(first: 20) { edges { node { from to reason actor occurredAt } } }
        model {
          id
          name
          riskTier
          team { slug name }
          versions(first: ${VERSIONS_SCANNED}) { edges { node { id version stage } } }
        }
      }
    }
  }
`;

export interface Completeness {
  complete: boolean;
  missing: string[];
}

export interface GuardrailRun {
  passed: boolean;
  bundleVersion: string;
  riskTier: RiskTier;
  evaluatedAt: string;
  evaluatedBy: string;
  results: { check: string; passed: boolean; explanation: string }[];
}

export interface PromotionDetail extends PromotionRequest {
  /** Null only for requests made before guardrails ran. */
  guardrails: GuardrailRun | null;
  modelVersion: {
    id: string;
    version: number;
    stage: Stage;
    createdBy: string;
    createdAt: string;
    manifestDigest: string | null;
    cardCompleteness: Completeness;
    provenanceCompleteness: Completeness;
    stageHistory: { edges: { node: StageMove }[] };
    model: {
      id: string;
      name: string;
      riskTier: RiskTier;
      team: { slug: string; name: string };
      versions: { edges: { node: { id: string; version: number; stage: Stage } }[] };
    };
  };
}

export type PromotionDetailData = { promotionRequest: PromotionDetail };
