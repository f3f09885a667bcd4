import {
  PROMOTION_REQUEST_FIELDS,
  type PromotionRequest,
  type Stage,
  type StageMove,
} from './promotion-fields';

/**
 * The promotion side of the Versions tab: each shown version's requests (with decisions and
 * progress) and full stage history. Kept apart from the model page's query so that one stays
 * within the gateway's cost budget on its own.
 */
export const VERSION_PROMOTIONS_QUERY = /* GraphQL */ `
  query VersionPromotions($id: ID!, $first: Int) {
    model(id: $id) {
      id
      versions(first: $first) {
        edges {
          node {
            id
            version
            stage
            createdBy
            stageHistory(first: 20) { edges { node { from to reason actor occurredAt } } }
            promotionRequests { ${PROMOTION_REQUEST_FIELDS} }
          }
        }
      }
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

export interface VersionPromotionsData {
  model: {
    id: string;
    versions: { edges: { node: VersionPromotions }[] };
  };
}
