/** Versions the Drift tab looks at, newest first; a production version is almost always among them. */
export const DRIFT_VERSIONS_SHOWN = 20;
/** Versions whose drift it shows in full, newest first: each detail costs about a third of a query's budget. */
export const DRIFT_DETAILS_SHOWN = 3;

/** Which recent versions have drift data at all: references registered, so alarms are possible. */
export const MODEL_DRIFT_VERSIONS_QUERY = /* GraphQL */ `
  query ModelDriftVersions($id: ID!) {
    model(id: $id) {
      id
      versions(first: ${DRIFT_VERSIONS_SHOWN}) {
        totalCount
        edges { node { id driftDistributions { feature } } }
      }
    }
  }
`;

const FEATURE_DRIFT = 'feature psi ks drifted';

/**
 * One version's alarms, retrain suggestions and reference-against-production histograms, with
 * its training runs' code for the suggestion. Unpaged lists are priced as ten items each by the
 * gateway, so a model's versions are asked one at a time.
 */
export const VERSION_DRIFT_QUERY = /* GraphQL */ `
  query VersionDrift($id: ID!) {
    modelVersion(id: $id) {
      id
      version
      stage
      driftAlarms {
        id
        windowStart
        windowEnd
        raisedAt
        features { ${FEATURE_DRIFT} }
        resolution { resolution note resolvedBy resolvedAt }
      }
      retrainSuggestions {
        id
        alarmId
        datasets { datasetId name uri checksum }
        trainingRuns { runId datasetIds }
        provenance
        features { ${FEATURE_DRIFT} }
        createdAt
      }
      driftDistributions {
        feature
        role
        binEdges
        labels
        referenceCounts
        production { counts psi ks drifted windowStart windowEnd }
      }
      lineage {
        runs(first: 10) { edges { node { id codeRef } } }
      }
    }
  }
`;

/** Only the count, for the badge in the model's header. */
export const OPEN_DRIFT_ALARMS_QUERY = /* GraphQL */ `
  query OpenDriftAlarms($id: ID!) {
    openDriftAlarms(modelId: $id) { id }
  }
`;

export const ACKNOWLEDGE_DRIFT_ALARM = /* GraphQL */ `
  mutation AcknowledgeDriftAlarm($alarmId: ID!, $note: String) {
    acknowledgeDriftAlarm(alarmId: $alarmId, note: $note) { id resolution { resolution } }
  }
`;

export interface FeatureDrift {
  feature: string;
  psi: number;
  ks: number | null;
  drifted: boolean;
}

export interface DriftAlarm {
  id: string;
  windowStart: string;
  windowEnd: string;
  raisedAt: string;
  features: FeatureDrift[];
  resolution: {
    resolution: 'HEALTHY_WINDOW' | 'ACKNOWLEDGED';
    note: string | null;
    resolvedBy: string;
    resolvedAt: string;
  } | null;
}

export interface RetrainSuggestion {
  id: string;
  alarmId: string;
  datasets: { datasetId: string; name: string | null; uri: string | null; checksum: string | null }[];
  trainingRuns: { runId: string; datasetIds: string[] }[];
  provenance: Record<string, unknown> | null;
  features: FeatureDrift[];
  createdAt: string;
}

export interface FeatureDistribution {
  feature: string;
  role: 'FEATURE' | 'PREDICTION';
  binEdges: number[] | null;
  labels: string[] | null;
  referenceCounts: number[];
  production: {
    counts: number[];
    psi: number;
    ks: number | null;
    drifted: boolean;
    windowStart: string;
    windowEnd: string;
  } | null;
}

export interface VersionDrift {
  id: string;
  version: number;
  stage: string;
  driftAlarms: DriftAlarm[];
  retrainSuggestions: RetrainSuggestion[];
  driftDistributions: FeatureDistribution[];
  lineage: { runs: { edges: { node: { id: string; codeRef: string } }[] } };
}

export interface ModelDriftVersionsData {
  model: {
    id: string;
    versions: {
      totalCount: number;
      edges: { node: { id: string; driftDistributions: { feature: string }[] } }[];
    };
  };
}

export interface VersionDriftData {
  modelVersion: VersionDrift;
}
