// No imports: the stack's federation test sends this query through the gateway as it is.

/**
 * Page sizes of the model page. The gateway prices a query by its page sizes (`MAX_QUERY_COST`),
 * and these keep the whole page well under it; `apps/stack/test/federation.test.ts` sends this
 * query to check. A version moves at most four times, so its history always fits.
 */
export const VERSIONS_SHOWN = 10;
export const METRICS_SHOWN = 25;
export const DATASETS_SHOWN = 20;
export const RUNS_SHOWN = 10;
const STAGE_MOVES_SHOWN = 10;

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
      versions(first: ${VERSIONS_SHOWN}) {
        totalCount
        edges {
          node {
            id
            version
            createdAt
            createdBy
            stage
            deprecation { reason by at successor { id version } }
            legalHold { reason placedBy placedAt }
            stageHistory(first: ${STAGE_MOVES_SHOWN}) {
              totalCount
              edges { node { from to actor occurredAt } }
            }
            metrics(first: ${METRICS_SHOWN}) {
              totalCount
              edges { node { name value dataset } }
            }
            lineage {
              datasets(first: ${DATASETS_SHOWN}) {
                totalCount
                edges { node { id name uri checksum } }
              }
              runs(first: ${RUNS_SHOWN}) {
                totalCount
                edges { node { id codeRef } }
              }
            }
          }
        }
      }
    }
  }
`;
