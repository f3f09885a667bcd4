/** Events the metrics subgraph appends to its log. Payloads are part of the contract with consumers. */
export const MetricsEvents = {
  MetricsLogged: 'metrics.MetricsLogged',
} as const;

export interface LoggedMetric {
  id: string;
  name: string;
  value: number;
  dataset: string | null;
}

export interface MetricsLoggedPayload {
  modelVersionId: string;
  teamSlug: string;
  /** In the order they were logged. */
  metrics: LoggedMetric[];
}
