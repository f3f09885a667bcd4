import { PROMOTION_REQUEST_FIELDS } from './promotion-fields';

export const APPROVE_PROMOTION = /* GraphQL */ `
  mutation ApprovePromotion($input: ApprovePromotionInput!) {
    approvePromotion(input: $input) { id status progress { summary } }
  }
`;

export const REJECT_PROMOTION = /* GraphQL */ `
  mutation RejectPromotion($input: RejectPromotionInput!) {
    rejectPromotion(input: $input) { id status }
  }
`;

export const REQUEST_PROMOTION = /* GraphQL */ `
  mutation RequestPromotion($input: RequestPromotionInput!) {
    requestPromotion(input: $input) { ${PROMOTION_REQUEST_FIELDS} }
  }
`;

export const WITHDRAW_PROMOTION = /* GraphQL */ `
  mutation WithdrawPromotion($id: ID!) {
    withdrawPromotion(id: $id) { id status }
  }
`;

export const RERUN_GUARDRAILS = /* GraphQL */ `
  mutation RerunGuardrails($id: ID!) {
    rerunGuardrails(id: $id) { id }
  }
`;

export const SET_MODEL_RISK_TIER = /* GraphQL */ `
  mutation SetModelRiskTier($input: SetModelRiskTierInput!) {
    setModelRiskTier(input: $input) { modelId tier pendingChange { id } }
  }
`;

export const ROLLBACK_PRODUCTION = /* GraphQL */ `
  mutation RollbackProduction($input: RollbackProductionInput!) {
    rollbackProduction(input: $input) {
      id
      status
    }
  }
`;

export const APPROVE_RISK_TIER_CHANGE = /* GraphQL */ `
  mutation ApproveRiskTierChange($id: ID!) {
    approveRiskTierChange(id: $id) { id status }
  }
`;

export const REJECT_RISK_TIER_CHANGE = /* GraphQL */ `
  mutation RejectRiskTierChange($input: RejectRiskTierChangeInput!) {
    rejectRiskTierChange(input: $input) { id status }
  }
`;
