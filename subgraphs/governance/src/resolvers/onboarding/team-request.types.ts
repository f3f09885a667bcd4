import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { rejectTeamRequestRules, requestTeamRules } from '../../services/onboarding/team-request-rules';
import type { TeamRequestRow } from '../../services/onboarding/team-request-store';

export const TeamRequestStatus = { OPEN: 'open', APPROVED: 'approved', REJECTED: 'rejected' } as const;
export type TeamRequestStatus = (typeof TeamRequestStatus)[keyof typeof TeamRequestStatus];
registerEnumType(TeamRequestStatus, { name: 'TeamRequestStatus' });

@ObjectType({ description: 'Someone asking for a new team, and the platform admins’ answer.' })
export class TeamRequest {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The slug the team will have.' })
  slug: string;

  @Field()
  name: string;

  @Field()
  justification: string;

  @Field()
  requesterSubject: string;

  @Field(() => String, { nullable: true })
  requesterEmail: string | null;

  @Field(() => TeamRequestStatus)
  status: TeamRequestStatus;

  @Field()
  createdAt: Date;

  @Field(() => String, { nullable: true, description: 'The platform admin who approved or rejected it.' })
  decidedBy: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected.' })
  reason: string | null;
}

export function teamRequestOf(row: TeamRequestRow): TeamRequest {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    justification: row.justification,
    requesterSubject: row.requester_subject,
    requesterEmail: row.requester_email,
    status: row.status,
    createdAt: row.created_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    reason: row.reason,
  };
}

@InputType()
export class RequestTeamInput {
  static readonly schema = requestTeamRules;

  @Field({ description: 'Lowercase letters, digits and single hyphens; 2 to 50 characters.' })
  slug: string;

  @Field({ description: 'At most 100 characters.' })
  name: string;

  @Field({ description: 'Why, for the platform admins: at most 1,000 characters.' })
  justification: string;
}

@InputType()
export class RejectTeamRequestInput {
  static readonly schema = rejectTeamRequestRules;

  @Field(() => ID)
  id: string;

  @Field({ description: 'Shown to the requester: at most 1,000 characters.' })
  reason: string;
}
