/** Versions whose lineage the tab shows, newest first; with these page sizes it stays far under the cost limit. */
export const LINEAGE_VERSIONS_SHOWN = 10;
export const LINEAGE_DATASETS_SHOWN = 20;
export const LINEAGE_RUNS_SHOWN = 10;

/** What the lineage subgraph knows upstream of each version: its training runs and their data. */
export const MODEL_LINEAGE_QUERY = /* GraphQL */ `
  query ModelLineage($id: ID!) {
    model(id: $id) {
      id
      versions(first: ${LINEAGE_VERSIONS_SHOWN}) {
        totalCount
        edges {
          node {
            id
            version
            lineage {
              datasets(first: ${LINEAGE_DATASETS_SHOWN}) {
                totalCount
                edges { node { id name uri checksum } }
              }
              runs(first: ${LINEAGE_RUNS_SHOWN}) {
                totalCount
                edges { node { id codeRef startedAt finishedAt createdBy createdAt } }
              }
            }
          }
        }
      }
    }
  }
`;

export interface LineageDataset {
  id: string;
  name: string;
  uri: string;
  checksum: string;
}

export interface LineageRun {
  id: string;
  codeRef: string;
  startedAt: string | null;
  finishedAt: string | null;
  createdBy: string;
  createdAt: string;
}

type Page<T> = { totalCount: number; edges: { node: T }[] };

export interface VersionLineage {
  id: string;
  version: number;
  lineage: { datasets: Page<LineageDataset>; runs: Page<LineageRun> };
}

export interface ModelLineageData {
  model: { id: string; versions: Page<VersionLineage> };
}
