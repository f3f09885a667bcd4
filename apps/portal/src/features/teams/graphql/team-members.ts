const MEMBER_FIELDS = /* GraphQL */ `
  subject
  email
  role
  approver
  grantedBy
  grantedAt
`;

export const TEAM_MEMBERS_QUERY = /* GraphQL */ `
  query TeamMembers($team: String!) {
    teamMembers(team: $team, first: 100) { totalCount edges { node { ${MEMBER_FIELDS} } } }
  }
`;

export const GRANT_MEMBERSHIP = /* GraphQL */ `
  mutation GrantTeamMembership($input: GrantTeamMembershipInput!) {
    grantTeamMembership(input: $input) { ${MEMBER_FIELDS} }
  }
`;

export const REVOKE_MEMBERSHIP = /* GraphQL */ `
  mutation RevokeTeamMembership($input: RevokeTeamMembershipInput!) {
    revokeTeamMembership(input: $input) { subject }
  }
`;

export interface TeamMember {
  subject: string;
  email: string | null;
  role: string;
  approver: boolean;
  grantedBy: string;
  grantedAt: string;
}

export type TeamMembersData = { teamMembers: { totalCount: number; edges: { node: TeamMember }[] } };

export const TEAM_ROLES = ['VIEWER', 'CONTRIBUTOR', 'MAINTAINER'] as const;
