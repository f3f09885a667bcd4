import type { Stage } from '@/components/stage-badge/stage-badge';

export interface ModelVersionDetail {
  id: string;
  version: number;
  createdAt: string;
  createdBy: string;
  stage: Stage;
  stageHistory: { from: Stage; to: Stage; actor: string; occurredAt: string }[];
  metrics: { name: string; value: number; dataset: string | null }[];
  lineage: {
    datasets: { id: string; name: string; uri: string; checksum: string }[];
    runs: { id: string; codeRef: string }[];
  };
}

export interface ModelDetail {
  id: string;
  name: string;
  description: string;
  task: string | null;
  framework: string | null;
  license: string | null;
  tags: string[];
  createdAt: string;
  createdBy: string;
  team: { slug: string; name: string };
  versions: ModelVersionDetail[];
}

export interface ModelDetailData {
  model: ModelDetail;
}

/** The model page; the server component sends it straight to the gateway. */
export const MODEL_DETAIL_QUERY = /* GraphQL */ `
  query ModelDetail($id: ID!) {
    model(id: $id) {
      id
      name
      description
      task
      framework
      license
      tags
      createdAt
      createdBy
      team {
        id
        slug
        name
      }
      versions {
        id
        version
        createdAt
        createdBy
        stage
        stageHistory {
          from
          to
          actor
          occurredAt
        }
        metrics {
          name
          value
          dataset
        }
        lineage {
          datasets {
            id
            name
            uri
            checksum
          }
          runs {
            id
            codeRef
          }
        }
      }
    }
  }
`;
