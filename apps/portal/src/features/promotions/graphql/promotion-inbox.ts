import { PROMOTION_PROGRESS_FIELDS, type PromotionRequest, type RiskTier } from './promotion-fields';

/** As many as the inbox shows (the API's default); 100 would pass the gateway's cost budget. */
export const INBOX_SHOWN = 50;

/** What awaits the caller's decision, oldest first, with what the list shows of each model. */
export const PROMOTION_INBOX_QUERY = /* GraphQL */ `
  query PromotionInbox($first: Int) {
    promotionInbox(first: $first) {
      id
      team
      targetStage
      justification
      requestedBy
      requestedAt
      expiresAt
      status
      progress { ${PROMOTION_PROGRESS_FIELDS} }
      modelVersion {
        id
        version
        model { id name riskTier team { slug name } }
      }
    }
  }
`;

/** Only how many: the navigation's badge. */
export const PROMOTION_INBOX_COUNT_QUERY = /* GraphQL */ `
  query PromotionInboxCount($first: Int) {
    promotionInbox(first: $first) { id }
  }
`;

export interface InboxItem
  extends Pick<
    PromotionRequest,
    | 'id'
    | 'team'
    | 'targetStage'
    | 'justification'
    | 'requestedBy'
    | 'requestedAt'
    | 'expiresAt'
    | 'status'
    | 'progress'
  > {
  modelVersion: {
    id: string;
    version: number;
    model: { id: string; name: string; riskTier: RiskTier; team: { slug: string; name: string } };
  };
}

export type PromotionInboxData = { promotionInbox: InboxItem[] };
export type PromotionInboxCountData = { promotionInbox: { id: string }[] };
