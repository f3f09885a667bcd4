import { z } from 'zod';
import { EventContract } from './contract';
import { uuid } from './fields';

// Object schemas strip unknown keys rather than refuse them: a producer may add a field before
// every consumer knows it. Removing or retyping a field needs a new event type.

export const registryEvents = new EventContract('registry', {
  TeamCreated: {
    subjectType: 'Team',
    payload: z.object({ teamId: uuid, slug: z.string(), name: z.string() }),
  },
  ModelRegistered: {
    subjectType: 'Model',
    payload: z.object({
      modelId: uuid,
      teamId: uuid,
      teamSlug: z.string(),
      name: z.string(),
      description: z.string(),
      task: z.string().nullable(),
      framework: z.string().nullable(),
      license: z.string().nullable(),
      tags: z.array(z.string()),
    }),
  },
  ModelVersionCreated: {
    subjectType: 'ModelVersion',
    payload: z.object({
      modelVersionId: uuid,
      modelId: uuid,
      modelName: z.string(),
      teamSlug: z.string(),
      version: z.number().int().positive(),
    }),
  },
});

export const RegistryEvents = registryEvents.types;
export type TeamCreatedPayload = z.output<typeof registryEvents.kinds.TeamCreated.payload>;
export type ModelRegisteredPayload = z.output<typeof registryEvents.kinds.ModelRegistered.payload>;
export type ModelVersionCreatedPayload = z.output<typeof registryEvents.kinds.ModelVersionCreated.payload>;
