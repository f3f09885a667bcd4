/** Events the registry appends to its log. Payloads are part of the contract with consumers. */
export const RegistryEvents = {
  TeamCreated: 'registry.TeamCreated',
  ModelRegistered: 'registry.ModelRegistered',
  ModelVersionCreated: 'registry.ModelVersionCreated',
} as const;

export interface ModelRegisteredPayload {
  modelId: string;
  teamId: string;
  teamSlug: string;
  name: string;
  description: string;
  task: string | null;
  framework: string | null;
  license: string | null;
  tags: string[];
}

export interface ModelVersionCreatedPayload {
  modelVersionId: string;
  modelId: string;
  modelName: string;
  teamSlug: string;
  version: number;
}
