/** Lineage's events are published in `@cairn/events`, the contract its consumers share. */
export {
  type DatasetRegisteredPayload,
  type LineageEventInput,
  LineageEvents,
  lineageEvents,
  type TrainingRunRecordedPayload,
} from '@cairn/events';
