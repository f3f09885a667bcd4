import type { Principal, TeamMembership } from '@cairn/identity';
import {
  Arg,
  Authorized,
  Ctx,
  Directive,
  Field,
  InputType,
  Mutation,
  ObjectType,
  Resolver,
} from 'type-graphql';
import type { GovernanceContext } from '../../context';
import { callerClaimsRules, resolveApiTokenRules } from '../../services/access/access-input-rules';

/*
 * What the gateway asks governance while it authenticates a request. `@inaccessible` keeps these
 * out of the public API (the supergraph cannot plan them); the gateway calls governance
 * directly, as the `gateway` principal that only it can sign, and the services refuse anyone else.
 */

@Directive('@inaccessible')
@ObjectType()
export class GatewayMembership {
  @Field()
  team: string;

  @Field({ description: 'viewer, contributor or maintainer.' })
  role: string;

  @Field()
  approver: boolean;
}

@Directive('@inaccessible')
@InputType()
export class GatewayMembershipInput {
  @Field()
  team: string;

  @Field()
  role: string;

  @Field()
  approver: boolean;
}

@Directive('@inaccessible')
@InputType()
export class GatewayCallerClaimsInput {
  static readonly schema = callerClaimsRules;

  @Field()
  subject: string;

  @Field()
  kind: string;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => [String])
  orgRoles: string[];

  @Field(() => [GatewayMembershipInput])
  memberships: GatewayMembershipInput[];
}

@Directive('@inaccessible')
@InputType()
export class GatewayApiTokenInput {
  static readonly schema = resolveApiTokenRules;

  @Field()
  secret: string;

  @Field(() => String, { nullable: true, description: 'Address and user agent, recorded as the last use.' })
  client?: string | null;
}

@Directive('@inaccessible')
@ObjectType()
export class GatewayCaller {
  @Field({ description: '`user` or `service`.' })
  kind: string;

  @Field()
  subject: string;

  @Field(() => String, { nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => [String])
  orgRoles: string[];

  @Field(() => [GatewayMembership])
  memberships: GatewayMembership[];

  @Field(() => [String])
  scopes: string[];

  @Field(() => String, { nullable: true, description: 'The API token id.' })
  tokenId: string | null;
}

@Directive('@inaccessible')
@ObjectType()
export class GatewayManagedRights {
  @Field(() => [GatewayMembership])
  memberships: GatewayMembership[];
}

function gatewayCallerOf(principal: Principal): GatewayCaller {
  return {
    kind: principal.kind,
    subject: principal.subject,
    email: principal.email ?? null,
    name: principal.name ?? null,
    orgRoles: principal.orgRoles,
    memberships: principal.memberships,
    scopes: principal.scopes,
    tokenId: principal.client?.kind === 'api-token' ? principal.client.id : null,
  };
}

@Authorized()
@Resolver()
export class CallerResolutionResolver {
  @Directive('@inaccessible')
  @Mutation(() => GatewayManagedRights, {
    description:
      'Gateway only: records the OIDC caller (provisioning on first sign-in) and answers their managed memberships.',
  })
  async resolveCaller(
    @Arg('claims') claims: GatewayCallerClaimsInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<GatewayManagedRights> {
    const memberships: TeamMembership[] = await ctx.services.callers.resolve(ctx.principal, claims);
    return { memberships };
  }

  @Directive('@inaccessible')
  @Mutation(() => GatewayCaller, {
    description:
      'Gateway only: the principal an API token acts as now; UNAUTHENTICATED when unknown, expired or revoked.',
  })
  async resolveApiToken(
    @Arg('token') token: GatewayApiTokenInput,
    @Ctx() ctx: GovernanceContext,
  ): Promise<GatewayCaller> {
    return gatewayCallerOf(await ctx.services.tokenResolution.resolve(ctx.principal, token));
  }
}
