import { randomUUID } from 'node:crypto';
import { registryEvents, TypedEventLog, type Visibility } from '@cairn/events';
import type { DataSource } from 'typeorm';

const registryLog = new TypedEventLog(registryEvents);

/**
 * What the registry publishes with a version for the promotion guardrails (its `evidence`):
 * tests that promote a published version pass one, with a signature they made.
 */
export interface PublishedEvidence {
  license: string | null;
  card: Record<string, unknown> | null;
  provenance: Record<string, unknown>;
  files: { path: string; sha256: string }[];
  signature: { keyId: string; publicKeyPem: string; bundle: unknown; signer: 'registry' } | null;
}

export interface PublishedModel {
  modelId: string;
  team: string;
  versionIds: string[];
}

let published = 0;

/**
 * A model with `versions` versions, as the registry announces it: its ModelRegistered and
 * ModelVersionCreated events, appended to the registry's log through the published contract.
 * The consuming subgraphs know models only from that log, so this is all they can tell of a
 * model; `owner` is the database owner (the service role may not write the registry's log).
 */
export async function publishModel(
  owner: DataSource,
  options: {
    team?: string;
    visibility?: Visibility;
    versions?: number;
    createdBy?: string;
    evidence?: (modelName: string) => Promise<PublishedEvidence>;
  } = {},
): Promise<PublishedModel> {
  const {
    team = 'fraud-detection',
    visibility = 'INTERNAL',
    versions = 1,
    createdBy = 'admin@demo.cairn',
  } = options;
  const modelId = randomUUID();
  const name = `published-${++published}`;
  const versionIds = Array.from({ length: versions }, () => randomUUID());
  const evidence = options.evidence ? await options.evidence(name) : undefined;
  await owner.transaction((manager) =>
    registryLog.publish(
      manager,
      {
        type: 'registry.ModelRegistered',
        subjectId: modelId,
        actor: createdBy,
        payload: {
          modelId,
          teamId: randomUUID(),
          teamSlug: team,
          name,
          description: '',
          task: null,
          framework: null,
          license: null,
          tags: [],
          visibility,
        },
      },
      ...versionIds.map((modelVersionId, i) => ({
        type: 'registry.ModelVersionCreated' as const,
        subjectId: modelVersionId,
        actor: createdBy,
        payload: {
          modelVersionId,
          modelId,
          modelName: name,
          teamSlug: team,
          version: i + 1,
          visibility,
          ...(evidence ? { evidence } : {}),
        },
      })),
    ),
  );
  return { modelId, team, versionIds };
}

/** The registry's announcement that `model` is now `to`. */
export async function publishVisibilityChange(
  owner: DataSource,
  model: PublishedModel,
  from: Visibility,
  to: Visibility,
): Promise<void> {
  await owner.transaction((manager) =>
    registryLog.publish(manager, {
      type: 'registry.ModelVisibilityChanged',
      subjectId: model.modelId,
      actor: 'maintainer@demo.cairn',
      payload: { modelId: model.modelId, teamSlug: model.team, from, to },
    }),
  );
}
