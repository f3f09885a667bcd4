const REQUEST_FIELDS = /* GraphQL */ `
  id
  team
  requesterSubject
  requesterEmail
  role
  modelName
  justification
  status
  createdAt
  decidedBy
  decidedAt
  decisionComment
`;

export const MY_ACCESS_REQUESTS = /* GraphQL */ `
  query MyAccessRequests {
    myAccessRequests { ${REQUEST_FIELDS} }
  }
`;

export const ACCESS_REQUEST_INBOX = /* GraphQL */ `
  query AccessRequestInbox {
    accessRequestInbox { ${REQUEST_FIELDS} }
  }
`;

export const REQUEST_ACCESS = /* GraphQL */ `
  mutation RequestAccess($input: RequestAccessInput!) {
    requestAccess(input: $input) { ${REQUEST_FIELDS} }
  }
`;

export const DECIDE_ACCESS_REQUEST = /* GraphQL */ `
  mutation DecideAccessRequest($input: DecideAccessRequestInput!) {
    decideAccessRequest(input: $input) { ${REQUEST_FIELDS} }
  }
`;

export const WITHDRAW_ACCESS_REQUEST = /* GraphQL */ `
  mutation WithdrawAccessRequest($id: ID!) {
    withdrawAccessRequest(id: $id) { ${REQUEST_FIELDS} }
  }
`;

export type AccessRequestStatus = 'OPEN' | 'GRANTED' | 'DENIED' | 'WITHDRAWN';

export interface AccessRequest {
  id: string;
  team: string;
  requesterSubject: string;
  requesterEmail: string | null;
  role: string;
  modelName: string | null;
  justification: string;
  status: AccessRequestStatus;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
}

export type MyAccessRequestsData = { myAccessRequests: AccessRequest[] };
export type AccessRequestInboxData = { accessRequestInbox: AccessRequest[] };

export const ROLES = ['VIEWER', 'CONTRIBUTOR', 'MAINTAINER'] as const;
