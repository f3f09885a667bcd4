// No imports: the stack's federation test sends this query through the gateway as it is.

/** The compare page: registry sections and, from the metrics subgraph, metrics with deltas. */
export const COMPARE_VERSIONS_QUERY = /* GraphQL */ `
  query CompareVersions($ids: [ID!]!, $onlyDifferences: Boolean!) {
    compareModelVersions(versionIds: $ids, onlyDifferences: $onlyDifferences) {
      versionIds
      onlyDifferences
      versions { id version createdAt model { id } }
      hyperparameters { key values same }
      provenance { key values same }
      card { key values same }
      dependencies { ecosystem name versions changes }
      artifacts { path digests sizes changes }
      metrics { name dataset values deltas }
    }
  }
`;
