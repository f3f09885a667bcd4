/** History entries per page, newest first; older ones follow through `?after=<cursor>`. */
export const ALIAS_CHANGES_SHOWN = 50;

export const MODEL_ALIASES_QUERY = /* GraphQL */ `
  query ModelAliases($id: ID!, $after: String) {
    model(id: $id) {
      id
      aliases {
        name
        protected
        createdBy
        createdAt
        updatedBy
        updatedAt
        version {
          id
          version
        }
      }
    }
    aliasHistory(modelId: $id, first: ${ALIAS_CHANGES_SHOWN}, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          alias
          action
          actor
          reason
          at
          fromVersion {
            version
          }
          toVersion {
            version
          }
        }
      }
    }
  }
`;

export type AliasAction = 'SET' | 'MOVE' | 'DELETE' | 'ROLLBACK' | 'PROTECT' | 'UNPROTECT';

export interface ModelAlias {
  name: string;
  protected: boolean;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  version: { id: string; version: number };
}

export interface AliasChange {
  id: string;
  alias: string;
  action: AliasAction;
  actor: string;
  reason: string | null;
  at: string;
  fromVersion: { version: number } | null;
  toVersion: { version: number } | null;
}

export interface ModelAliasesData {
  model: { id: string; aliases: ModelAlias[] };
  aliasHistory: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: AliasChange }[];
  };
}
