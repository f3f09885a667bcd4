/** The metrics subgraph's events are published in `@cairn/events`, the contract its consumers share. */
export { type LoggedMetric, MetricsEvents, type MetricsLoggedPayload, metricsEvents } from '@cairn/events';
