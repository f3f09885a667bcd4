import { z } from 'zod';
import { EventContract, type EventInputOf } from './contract';
import { uuid } from './fields';

export const lineageEvents = new EventContract('lineage', {
  TrainingRunRecorded: {
    subjectType: 'TrainingRun',
    payload: z.object({
      runId: uuid,
      modelVersionId: uuid,
      teamSlug: z.string(),
      /** In the order the run listed them, without repeats. */
      datasetIds: z.array(uuid),
    }),
  },
  /** Appended once per dataset version (uri + checksum), by the run that first used it. */
  DatasetRegistered: {
    subjectType: 'Dataset',
    payload: z.object({ datasetId: uuid, name: z.string(), uri: z.string(), checksum: z.string() }),
  },
});

export const LineageEvents = lineageEvents.types;
export type TrainingRunRecordedPayload = z.output<typeof lineageEvents.kinds.TrainingRunRecorded.payload>;
export type DatasetRegisteredPayload = z.output<typeof lineageEvents.kinds.DatasetRegistered.payload>;
export type LineageEventInput = EventInputOf<typeof lineageEvents>;
