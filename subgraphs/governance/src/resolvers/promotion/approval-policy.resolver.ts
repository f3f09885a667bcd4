import { createEntityStub, type EntityStub } from '@cairn/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GovernanceContext } from '../../context';
import {
  ApprovalPolicy,
  ApprovalRoleGrant,
  ApprovalRoleGrantInput,
  approvalPolicyOf,
  ModelRiskTier,
  RiskTier,
  RiskTierChange,
  riskTierChangeOf,
  SetApprovalPolicyInput,
  SetModelRiskTierInput,
} from './promotion.types';

/** The registry's Model; governance contributes its risk tier. */
export const Model = createEntityStub('Model');
export type Model = EntityStub;

@Authorized()
@Resolver()
export class ApprovalPolicyResolver {
  @Query(() => [ApprovalPolicy], {
    description: 'The approval policy in force for each risk tier and target stage.',
  })
  async approvalPolicies(@Ctx() ctx: GovernanceContext): Promise<ApprovalPolicy[]> {
    return (await ctx.services.approvalPolicies.policies()).map(approvalPolicyOf);
  }

  @Mutation(() => ApprovalPolicy, {
    description:
      'Changes the policy of a tier and target stage (platform admins): a new version, under which earlier approvals of open requests no longer count.',
  })
  async setApprovalPolicy(
    @Arg('input') input: SetApprovalPolicyInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<ApprovalPolicy> {
    return approvalPolicyOf(await ctx.services.approvalPolicies.setPolicy(ctx.principal, input));
  }

  @Query(() => [ApprovalRoleGrant], {
    description: 'Who holds which approval role (platform admins and auditors).',
  })
  approvalRoleGrants(@Ctx() ctx: GovernanceContext): Promise<ApprovalRoleGrant[]> {
    return ctx.services.approvalPolicies.approvalRoles(ctx.principal);
  }

  @Mutation(() => ApprovalRoleGrant, {
    description: 'Gives someone an approval role such as security (platform admins).',
  })
  grantApprovalRole(
    @Arg('input') input: ApprovalRoleGrantInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<ApprovalRoleGrant> {
    return ctx.services.approvalPolicies.grantRole(ctx.principal, input);
  }

  @Mutation(() => Boolean, { description: 'Takes an approval role back (platform admins).' })
  revokeApprovalRole(
    @Arg('input') input: ApprovalRoleGrantInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<boolean> {
    return ctx.services.approvalPolicies.revokeRole(ctx.principal, input);
  }

  @Mutation(() => ModelRiskTier, {
    description: 'Sets a model’s risk tier (maintainers of its team), with a reason; recorded and published.',
  })
  setModelRiskTier(
    @Arg('input') input: SetModelRiskTierInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<ModelRiskTier> {
    return ctx.services.approvalPolicies.setRiskTier(ctx.principal, input);
  }
}

@Authorized()
@Resolver(() => Model)
export class ModelRiskResolver {
  @FieldResolver(() => RiskTier, { description: 'MEDIUM until its maintainers set one.' })
  riskTier(@Root() model: Model, @Ctx() ctx: GovernanceContext): Promise<RiskTier> {
    return ctx.loaders.riskTierByModel.load(model.id);
  }

  @FieldResolver(() => [RiskTierChange], {
    description: 'Changes of the risk tier, newest first (at most 100).',
  })
  async riskTierHistory(@Root() model: Model, @Ctx() ctx: GovernanceContext): Promise<RiskTierChange[]> {
    return (await ctx.loaders.riskHistoryByModel.load(model.id)).map(riskTierChangeOf);
  }
}
