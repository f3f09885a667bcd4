import type { Stage } from '@/components/stage-badge/stage-badge';
import type { ModelCard } from './model-card';

export type { ModelCard };

/** The overview's extra: the latest version's model card and what it still lacks. */
export const MODEL_OVERVIEW_QUERY = /* GraphQL */ `
  query ModelOverview($id: ID!) {
    model(id: $id) {
      id
      latestVersion {
        id
        version
        stage
        createdAt
        card {
          intendedUse
          outOfScopeUses
          businessUseCases
          assumptions
          limitations
          ethicalConsiderations
          evaluationSummary
          owners {
            name
            email
            team
          }
        }
        cardCompleteness {
          complete
          missing
        }
      }
      versions(first: 100) {
        edges {
          node {
            id
            version
            stage
          }
        }
      }
    }
  }
`;

export interface LatestVersionCard {
  id: string;
  version: number;
  stage: Stage;
  createdAt: string;
  card: ModelCard | null;
  cardCompleteness: { complete: boolean; missing: string[] };
}

/** The newest versions' stages: which one is in PRODUCTION, and what a rollback could return to. */
export interface VersionStage {
  id: string;
  version: number;
  stage: Stage;
}

export interface ModelOverviewData {
  model: {
    id: string;
    latestVersion: LatestVersionCard | null;
    versions: { edges: { node: VersionStage }[] };
  };
}
