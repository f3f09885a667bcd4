const TEAM_REQUEST_FIELDS = /* GraphQL */ `
  id
  slug
  name
  justification
  requesterSubject
  requesterEmail
  status
  createdAt
  decidedBy
  decidedAt
  reason
`;

/** Every request for platform admins, the caller's own otherwise; open ones first. */
export const TEAM_REQUESTS = /* GraphQL */ `
  query TeamRequests {
    teamRequests { ${TEAM_REQUEST_FIELDS} }
  }
`;

export const REQUEST_TEAM = /* GraphQL */ `
  mutation RequestTeam($input: RequestTeamInput!) {
    requestTeam(input: $input) { ${TEAM_REQUEST_FIELDS} }
  }
`;

export const APPROVE_TEAM_REQUEST = /* GraphQL */ `
  mutation ApproveTeamRequest($id: ID!) {
    approveTeamRequest(id: $id) { ${TEAM_REQUEST_FIELDS} }
  }
`;

export const REJECT_TEAM_REQUEST = /* GraphQL */ `
  mutation RejectTeamRequest($input: RejectTeamRequestInput!) {
    rejectTeamRequest(input: $input) { ${TEAM_REQUEST_FIELDS} }
  }
`;

export type TeamRequestStatus = 'OPEN' | 'APPROVED' | 'REJECTED';

export interface TeamRequest {
  id: string;
  slug: string;
  name: string;
  justification: string;
  requesterSubject: string;
  requesterEmail: string | null;
  status: TeamRequestStatus;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}

export type TeamRequestsData = { teamRequests: TeamRequest[] };
