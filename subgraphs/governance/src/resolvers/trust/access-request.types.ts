import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import {
  decideAccessRequestRules,
  requestAccessRules,
} from '../../services/access-requests/access-request-rules';
import type { AccessRequestRow } from '../../services/access-requests/access-request-store';
import { TeamRole } from '../access/access.types';

export const AccessRequestStatus = {
  OPEN: 'open',
  GRANTED: 'granted',
  DENIED: 'denied',
  WITHDRAWN: 'withdrawn',
} as const;
export type AccessRequestStatus = (typeof AccessRequestStatus)[keyof typeof AccessRequestStatus];
registerEnumType(AccessRequestStatus, { name: 'AccessRequestStatus' });

export const AccessDecision = { GRANT: 'grant', DENY: 'deny' } as const;
export type AccessDecision = (typeof AccessDecision)[keyof typeof AccessDecision];
registerEnumType(AccessDecision, { name: 'AccessDecision' });

@ObjectType({ description: 'Someone asking a team for a role, and the answer.' })
export class AccessRequest {
  @Field(() => ID)
  id: string;

  @Field()
  team: string;

  @Field()
  requesterSubject: string;

  @Field(() => String, { nullable: true })
  requesterEmail: string | null;

  @Field(() => TeamRole)
  role: TeamRole;

  @Field(() => ID, { nullable: true, description: 'The model the request names, if any.' })
  modelId: string | null;

  @Field(() => String, { nullable: true })
  modelName: string | null;

  @Field()
  justification: string;

  @Field(() => AccessRequestStatus)
  status: AccessRequestStatus;

  @Field()
  createdAt: Date;

  @Field(() => String, { nullable: true, description: 'Who granted, denied or withdrew it.' })
  decidedBy: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The maintainer's comment." })
  decisionComment: string | null;
}

export function accessRequestOf(row: AccessRequestRow): AccessRequest {
  return {
    id: row.id,
    team: row.team_slug,
    requesterSubject: row.requester_subject,
    requesterEmail: row.requester_email,
    role: row.role,
    modelId: row.model_id,
    modelName: row.model_name,
    justification: row.justification,
    status: row.status,
    createdAt: row.created_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionComment: row.decision_comment,
  };
}

@InputType()
export class RequestAccessInput {
  static readonly schema = requestAccessRules;

  @Field({ description: 'Team slug; for a model, its team.' })
  team: string;

  @Field(() => TeamRole)
  role: TeamRole;

  @Field(() => ID, { nullable: true, description: 'A model of the team that the request is about.' })
  modelId?: string | null;

  @Field({ description: 'Why, for the maintainers: at most 1,000 characters.' })
  justification: string;
}

@InputType()
export class DecideAccessRequestInput {
  static readonly schema = decideAccessRequestRules;

  @Field(() => ID)
  id: string;

  @Field(() => AccessDecision)
  decision: AccessDecision;

  @Field({ description: 'Shown to the requester: at most 1,000 characters.' })
  comment: string;
}
