/** Versions offered by the artifacts tab's picker; older ones are reached by `?v=<id>`. */
export const PICKABLE_VERSIONS = 20;
/** Files listed per version; the API pages at 100 at most. */
export const FILES_SHOWN = 100;

const VERSION_FILES = /* GraphQL */ `
  fragment VersionFiles on ModelVersion {
    id
    version
    createdAt
    manifestDigest
    model {
      id
    }
    files(first: ${FILES_SHOWN}) {
      totalCount
      edges {
        node {
          path
          digest
          size
        }
      }
    }
  }
`;

const PICKER = /* GraphQL */ `
  versions(first: ${PICKABLE_VERSIONS}) {
    totalCount
    edges {
      node {
        id
        version
      }
    }
  }
`;

/** The latest version's files, when no version is picked. */
export const LATEST_ARTIFACTS_QUERY = /* GraphQL */ `
  query ModelLatestArtifacts($id: ID!) {
    model(id: $id) {
      id
      ${PICKER}
      latestVersion {
        ...VersionFiles
      }
    }
  }
  ${VERSION_FILES}
`;

/** A picked version's files; the page checks that it belongs to this model. */
export const VERSION_ARTIFACTS_QUERY = /* GraphQL */ `
  query ModelVersionArtifacts($id: ID!, $versionId: ID!) {
    model(id: $id) {
      id
      ${PICKER}
    }
    modelVersion(id: $versionId) {
      ...VersionFiles
    }
  }
  ${VERSION_FILES}
`;

export interface VersionFile {
  path: string;
  /** `sha256:<hex>`. */
  digest: string;
  size: number;
}

export interface VersionArtifacts {
  id: string;
  version: number;
  createdAt: string;
  manifestDigest: string | null;
  model: { id: string };
  files: { totalCount: number; edges: { node: VersionFile }[] };
}

export interface ArtifactsData {
  model: {
    id: string;
    versions: { totalCount: number; edges: { node: { id: string; version: number } }[] };
    latestVersion?: VersionArtifacts | null;
  };
  modelVersion?: VersionArtifacts;
}
