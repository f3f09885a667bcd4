export const ACCESS_LOG_QUERY = /* GraphQL */ `
  query AccessLog($filter: AccessLogFilter, $after: String) {
    accessLog(filter: $filter, first: 50, after: $after) {
      edges {
        node {
          id
          occurredAt
          requestId
          subject
          email
          clientKind
          clientId
          operationType
          operationName
          rootFields
          outcome
          remoteAddress
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export interface AccessLogEntry {
  id: string;
  occurredAt: string;
  requestId: string;
  subject: string | null;
  email: string | null;
  clientKind: string | null;
  clientId: string | null;
  operationType: string | null;
  operationName: string | null;
  rootFields: string[];
  outcome: string;
  remoteAddress: string | null;
}

export type AccessLogData = {
  accessLog: {
    edges: { node: AccessLogEntry }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
