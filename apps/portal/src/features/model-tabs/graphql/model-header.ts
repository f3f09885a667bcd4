import type { RiskTier } from '@/features/promotions/graphql/promotion-fields';

/** What every tab shows above itself; the layout sends it, and pages share it through the cache. */
export const MODEL_HEADER_QUERY = /* GraphQL */ `
  query ModelHeader($id: ID!) {
    model(id: $id) {
      id
      name
      description
      task
      framework
      license
      tags
      visibility
      riskTier
      versionCount
      createdAt
      createdBy
      team {
        slug
        name
      }
      archive {
        reason
        by
        at
      }
      newest: versions(first: 2) {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`;

export interface ModelHeader {
  id: string;
  name: string;
  description: string;
  task: string | null;
  framework: string | null;
  license: string | null;
  tags: string[];
  visibility: 'PRIVATE' | 'INTERNAL';
  /** Governance's; MEDIUM until a maintainer sets it. */
  riskTier: RiskTier;
  versionCount: number;
  createdAt: string;
  createdBy: string;
  team: { slug: string; name: string };
  archive: { reason: string; by: string; at: string } | null;
  /** The two newest versions, newest first: what the Compare tab opens on. */
  newest: { edges: { node: { id: string } }[] };
}

export interface ModelHeaderData {
  model: ModelHeader;
}
