import { Field, ID, InputType } from 'type-graphql';
import {
  createApiTokenRules,
  createServiceAccountRules,
  grantMembershipRules,
  MAX_TOKEN_LIFETIME_DAYS,
  revokeMembershipRules,
} from '../../services/access/access-input-rules';
import { TeamRole, TokenScope } from './access.types';

@InputType()
export class GrantTeamMembershipInput {
  static readonly schema = grantMembershipRules;

  @Field({ description: 'Team slug.' })
  team: string;

  @Field(() => String, {
    nullable: true,
    description: 'The member: an OIDC subject or `service-account:<id>`.',
  })
  subject?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Instead of subject: the email of someone who has signed in to Cairn before.',
  })
  email?: string | null;

  @Field(() => TeamRole)
  role: TeamRole;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  approver?: boolean | null;
}

@InputType()
export class RevokeTeamMembershipInput {
  static readonly schema = revokeMembershipRules;

  @Field()
  team: string;

  @Field()
  subject: string;
}

@InputType()
export class CreateServiceAccountInput {
  static readonly schema = createServiceAccountRules;

  @Field()
  team: string;

  @Field({ description: 'Unique in the team, e.g. "training-pipeline".' })
  name: string;

  @Field(() => TeamRole, { description: 'Its role in the team.' })
  role: TeamRole;
}

@InputType()
export class CreateApiTokenInput {
  static readonly schema = createApiTokenRules;

  @Field({ description: 'What it is for, e.g. "CI in fraud-detection".' })
  name: string;

  @Field(() => [TokenScope])
  scopes: TokenScope[];

  @Field({ description: `ISO 8601 date-time, at most ${MAX_TOKEN_LIFETIME_DAYS} days ahead.` })
  expiresAt: string;

  @Field(() => ID, {
    nullable: true,
    description: 'A service account of a team the caller maintains; unset for a personal token.',
  })
  serviceAccountId?: string | null;
}
