/** The registry's events are published in `@cairn/events`, the contract its consumers share. */
export {
  type ModelRegisteredPayload,
  type ModelVersionCreatedPayload,
  RegistryEvents,
  registryEvents,
  type TeamCreatedPayload,
} from '@cairn/events';
