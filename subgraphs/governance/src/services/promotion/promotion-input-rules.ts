import { plainText, prose } from '@cairn/input-rules';
import { z } from 'zod';
import { PROMOTION_TARGETS, RISK_TIERS } from './approval-rules';

const nonEmptyProse = (max: number) => prose(max).refine((v) => v.length > 0, 'must not be empty');
// Any string: one that names nothing the caller can see is answered NOT_FOUND.
const id = z.string().max(100);
const approvalRole = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'lowercase letters, digits and "-", starting with a letter, at most 40');

export const requestPromotionRules = z.object({
  modelVersionId: id,
  targetStage: z.enum(PROMOTION_TARGETS),
  justification: nonEmptyProse(2000),
});

export const approvePromotionRules = z.object({
  id,
  comment: prose(2000)
    .nullish()
    .transform((v) => (v ? v : null)),
});

export const rejectPromotionRules = z.object({
  id,
  reason: nonEmptyProse(2000),
});

export const setRiskTierRules = z.object({
  modelId: id,
  tier: z.enum(RISK_TIERS),
  reason: nonEmptyProse(1000),
});

export const setApprovalPolicyRules = z
  .object({
    riskTier: z.enum(RISK_TIERS),
    targetStage: z.enum(PROMOTION_TARGETS),
    requiredApprovals: z.number().int().min(1, 'must be at least 1').max(20, 'must be at most 20'),
    requiredRoles: z
      .array(approvalRole)
      .max(10, 'at most 10 roles')
      .nullish()
      .transform((v) => [...new Set(v ?? [])]),
    namedApprovers: z
      .array(plainText(1, 255))
      .max(50, 'at most 50 approvers')
      .nullish()
      .transform((v) => (v && v.length > 0 ? [...new Set(v)] : null)),
    rollbackNeedsApproval: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
  })
  .superRefine((policy, ctx) => {
    if (policy.namedApprovers && policy.namedApprovers.length < policy.requiredApprovals) {
      ctx.addIssue({
        code: 'custom',
        path: ['namedApprovers'],
        message: `names ${policy.namedApprovers.length} approvers, fewer than the ${policy.requiredApprovals} required`,
      });
    }
  });

export const approvalRoleGrantRules = z.object({
  role: approvalRole,
  subject: plainText(1, 255),
});

export const promotionListRules = z.object({
  team: z.string().max(100).nullish(),
  first: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .nullish()
    .transform((v) => v ?? 50),
});

export const rollbackProductionRules = z.object({
  modelId: id,
  /** The version to return to; the one the current PRODUCTION version replaced when absent. */
  toVersionId: id.nullish().transform((v) => v ?? null),
  reason: nonEmptyProse(2000),
});
