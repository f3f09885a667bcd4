import type { Principal } from '@cairn/identity';
import { ConnectionType } from '@cairn/subgraph-kit';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { ApiTokenRow } from '../../services/access/api-token-store';
import type { MembershipRow } from '../../services/access/membership-store';
import { serviceAccountSubject } from '../../services/access/membership-store';
import type { ServiceAccountRow } from '../../services/access/service-account.service';

// GraphQL names the values; the stored and signed values stay the lower-case words.
export const TeamRole = { VIEWER: 'viewer', CONTRIBUTOR: 'contributor', MAINTAINER: 'maintainer' } as const;
export type TeamRole = (typeof TeamRole)[keyof typeof TeamRole];
registerEnumType(TeamRole, {
  name: 'TeamRole',
  description: 'A role in one team: viewer < contributor < maintainer.',
});

export const TokenScope = {
  READ: 'read',
  WRITE: 'write',
  PROMOTE: 'promote',
  ADMIN: 'admin',
  SERVING_REPORT: 'serving:report',
} as const;
export type TokenScope = (typeof TokenScope)[keyof typeof TokenScope];
registerEnumType(TokenScope, {
  name: 'TokenScope',
  description:
    'What a credential may do, whatever the roles allow: READ, WRITE (register, record), PROMOTE (move to STAGING or PRODUCTION), ADMIN (memberships, tokens), SERVING_REPORT (report production windows for drift detection, with READ; nothing else written).',
});

export const OrgRole = {
  PLATFORM_ADMIN: 'platform-admin',
  AUDITOR: 'auditor',
  EXECUTIVE: 'executive',
} as const;
export type OrgRole = (typeof OrgRole)[keyof typeof OrgRole];
registerEnumType(OrgRole, { name: 'OrgRole', description: 'A right across the organisation.' });

@ObjectType({ description: 'A team membership managed in Cairn (OIDC group memberships are not listed).' })
export class TeamMember {
  @Field(() => ID)
  id: string;

  @Field()
  team: string;

  @Field({ description: 'The member: an OIDC subject, or `service-account:<id>`.' })
  subject: string;

  @Field(() => String, { nullable: true, description: 'Known once the member has signed in.' })
  email: string | null;

  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => TeamRole)
  role: TeamRole;

  @Field({ description: "May approve promotions of the team's models." })
  approver: boolean;

  @Field()
  grantedBy: string;

  @Field()
  grantedAt: Date;
}

export function teamMemberOf(row: MembershipRow): TeamMember {
  return {
    id: row.id,
    team: row.team_slug,
    subject: row.subject,
    email: row.email,
    name: row.name,
    role: row.role,
    approver: row.approver,
    grantedBy: row.granted_by,
    grantedAt: row.granted_at,
  };
}

@ObjectType({ description: 'A right in one team, from the OIDC groups or managed in Cairn.' })
export class CallerMembership {
  @Field()
  team: string;

  @Field(() => TeamRole)
  role: TeamRole;

  @Field()
  approver: boolean;
}

@ObjectType()
export class CallerClient {
  @Field({ description: '`oidc` or `api-token`.' })
  kind: string;

  @Field({ description: 'The OIDC client id, or the API token id.' })
  id: string;
}

@ObjectType({ description: 'The caller and their effective rights, as the API sees them on this request.' })
export class Me {
  @Field()
  subject: string;

  @Field({ description: '`user` or `service`.' })
  kind: string;

  @Field(() => String, { nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  name: string | null;

  @Field(() => [OrgRole])
  orgRoles: OrgRole[];

  @Field(() => [CallerMembership])
  memberships: CallerMembership[];

  @Field(() => [TokenScope])
  scopes: TokenScope[];

  @Field(() => CallerClient, { nullable: true })
  client: CallerClient | null;
}

export function meOf(principal: Principal): Me {
  return {
    subject: principal.subject,
    kind: principal.kind,
    email: principal.email ?? null,
    name: principal.name ?? null,
    orgRoles: principal.orgRoles,
    memberships: principal.memberships,
    scopes: principal.scopes,
    client: principal.client ?? null,
  };
}

@ObjectType({ description: "A team's non-human member; it acts through its API tokens." })
export class ServiceAccount {
  @Field(() => ID)
  id: string;

  @Field()
  team: string;

  @Field()
  name: string;

  @Field({ description: 'What memberships name it by: `service-account:<id>`.' })
  subject: string;

  @Field()
  createdBy: string;

  @Field()
  createdAt: Date;
}

export function serviceAccountOf(row: ServiceAccountRow): ServiceAccount {
  return {
    id: row.id,
    team: row.team_slug,
    name: row.name,
    subject: serviceAccountSubject(row.id),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

@ObjectType({ description: 'An API token; its secret was shown once, when it was created.' })
export class ApiToken {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true, description: 'The person it acts as (personal tokens).' })
  ownerSubject: string | null;

  @Field(() => ID, { nullable: true, description: 'The service account it acts as.' })
  serviceAccountId: string | null;

  @Field(() => String, { nullable: true })
  serviceAccountTeam: string | null;

  @Field(() => [TokenScope])
  scopes: TokenScope[];

  @Field({ description: 'Enough to recognise it: prefix and last four characters, e.g. `cairn_pat_…x9Qa`.' })
  hint: string;

  @Field()
  createdBy: string;

  @Field()
  createdAt: Date;

  @Field()
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  @Field(() => String, { nullable: true })
  revokedBy: string | null;

  @Field(() => Date, { nullable: true, description: 'Recorded at most once a minute.' })
  lastUsedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Address and user agent of the last use.' })
  lastUsedClient: string | null;
}

export function apiTokenOf(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    ownerSubject: row.owner_subject,
    serviceAccountId: row.service_account_id,
    serviceAccountTeam: row.service_account_team,
    scopes: row.scopes,
    hint: `${row.service_account_id ? 'cairn_sat_' : 'cairn_pat_'}…${row.last_four}`,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    lastUsedAt: row.last_used_at,
    lastUsedClient: row.last_used_client,
  };
}

@ObjectType()
export class CreatedApiToken {
  @Field(() => ApiToken)
  token: ApiToken;

  @Field({ description: 'The secret, shown this once: Cairn keeps only its hash.' })
  secret: string;
}

export const ApiTokenConnection = ConnectionType(ApiToken, 'ApiToken', 'How many tokens the caller may see.');
export const TeamMemberConnection = ConnectionType(
  TeamMember,
  'TeamMember',
  'How many active memberships the team has in Cairn.',
);
