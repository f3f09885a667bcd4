import {
  PROMOTION_REQUEST_FIELDS,
  type PromotionRequest,
  type Stage,
  type StageMove,
} from './promotion-fields';

/**
 * The promotion side of one version on the Versions tab: its requests (with decisions and
 * progress) and its stage history. One query per shown version: a page of versions with all
 * this inside would pass the gateway's cost budget, while each alone costs about a thousand.
 */
export const VERSION_PROMOTIONS_QUERY = /* GraphQL */ `
  query VersionPromotions($id: ID!) {
    modelVersion(id: $id) {
      id
      version
      stage
      createdBy
      stageHistory(first: 20) { edges { node { from to reason actor occurredAt } } }
      promotionRequests { ${PROMOTION_REQUEST_FIELDS} }
    }
  }
`;

export interface VersionPromotions {
  id: string;
  version: number;
  stage: Stage;
  createdBy: string;
  stageHistory: { edges: { node: StageMove }[] };
  promotionRequests: PromotionRequest[];
}

export type VersionPromotionsData = { modelVersion: VersionPromotions };
