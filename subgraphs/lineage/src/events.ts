/** Events lineage appends to its log. Payloads are part of the contract with consumers. */
export const LineageEvents = {
  TrainingRunRecorded: 'lineage.TrainingRunRecorded',
  DatasetRegistered: 'lineage.DatasetRegistered',
} as const;

export interface TrainingRunRecordedPayload {
  runId: string;
  modelVersionId: string;
  teamSlug: string;
  /** In the order the run listed them, without repeats. */
  datasetIds: string[];
}

/** Appended once per dataset version (uri + checksum), by the run that first used it. */
export interface DatasetRegisteredPayload {
  datasetId: string;
  name: string;
  uri: string;
  checksum: string;
}
