import { z } from 'zod';
import { EventContract } from './contract';
import { uuid } from './fields';

// Object schemas strip unknown keys rather than refuse them: a producer may add a field before
// every consumer knows it. Removing or retyping a field needs a new event type.

/**
 * Who may see a model: `PRIVATE`, its team (plus platform admins and auditors); `INTERNAL`, everyone
 * signed in. Events from before visibility existed read as `INTERNAL`, which is what they were.
 */
export const VISIBILITIES = ['PRIVATE', 'INTERNAL'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
const visibility = z.enum(VISIBILITIES);

/**
 * What every alias event names: the model (its subject), its team, the alias and the model's
 * visibility at the time, so a consumer can tell who may hear of it without another lookup.
 */
const aliasFields = {
  modelId: uuid,
  teamSlug: z.string(),
  alias: z.string(),
  visibility,
};

/** What every housekeeping event on a version names, so consumers need no lookup to filter it. */
const versionFields = {
  modelId: uuid,
  modelVersionId: uuid,
  version: z.number().int().positive(),
  teamSlug: z.string(),
  visibility,
};
const modelFields = { modelId: uuid, teamSlug: z.string(), visibility };
const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/);

export const registryEvents = new EventContract('registry', {
  TeamCreated: {
    subjectType: 'Team',
    payload: z.object({
      teamId: uuid,
      slug: z.string(),
      name: z.string(),
      /** What a model registered in the team without a visibility gets. */
      defaultVisibility: visibility.default('INTERNAL'),
    }),
  },
  TeamDefaultVisibilityChanged: {
    subjectType: 'Team',
    payload: z.object({ teamId: uuid, slug: z.string(), from: visibility, to: visibility }),
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
      visibility: visibility.default('INTERNAL'),
    }),
  },
  ModelVisibilityChanged: {
    subjectType: 'Model',
    payload: z.object({
      modelId: uuid,
      teamSlug: z.string(),
      from: visibility,
      to: visibility,
      /** Why, in the maintainer's words, when they gave one. */
      reason: z.string().nullable().default(null),
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
      /** The model's visibility when the version was created; later changes come as ModelVisibilityChanged. */
      visibility: visibility.default('INTERNAL'),
      /** The canonical manifest's digest (approvals bind to it); absent in events of older releases. */
      manifestDigest: z
        .string()
        .regex(/^sha256:[0-9a-f]{64}$/)
        .optional(),
      /**
       * What promotion guardrails judge, as registered (absent in events of older releases): the
       * model's license, the version's card and provenance, its files in manifest order, and its
       * registration signature with the key that made it.
       */
      evidence: z
        .object({
          license: z.string().nullable(),
          card: z.record(z.string(), z.unknown()).nullable(),
          provenance: z.record(z.string(), z.unknown()),
          files: z.array(z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
          signature: z
            .object({
              keyId: z.string().regex(/^[0-9a-f]{64}$/),
              publicKeyPem: z.string(),
              bundle: z.unknown(),
              /** Who signed: the registry itself, with its own key. */
              signer: z.literal('registry'),
            })
            .nullable(),
        })
        .optional(),
    }),
  },
  /**
   * A version was imported from another Cairn instance (published beside its ModelVersionCreated,
   * which consumers of new versions already handle). `importedFrom` is its identity there.
   */
  /**
   * A signature made outside the registry (a training pipeline's key, say) was checked against
   * the version's manifest and kept beside the registry's own. Whether its key is trusted is
   * governance's to decide; `attachedAt` is when the registry received it, the signing time that
   * key rotation and revocation are judged against.
   */
  ModelVersionSignatureAttached: {
    subjectType: 'ModelVersion',
    payload: z.object({
      modelVersionId: uuid,
      modelId: uuid,
      teamSlug: z.string(),
      version: z.number().int().positive(),
      keyId: z.string().regex(/^[0-9a-f]{64}$/),
      publicKeyPem: z.string(),
      bundle: z.unknown(),
      attachedAt: z.string(),
    }),
  },
  ModelVersionImported: {
    subjectType: 'ModelVersion',
    payload: z.object({
      modelVersionId: uuid,
      modelId: uuid,
      teamSlug: z.string(),
      version: z.number().int().positive(),
      visibility,
      manifestDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
      importedFrom: z.object({
        instance: z.string(),
        versionId: z.string(),
        version: z.number().int().positive(),
        team: z.string(),
        model: z.string(),
        manifestDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
        exportedAt: z.string(),
      }),
    }),
  },
  /** An alias was created (`fromVersionId` null) or moved to another version of its model. */
  ModelAliasSet: {
    subjectType: 'Model',
    payload: z.object({
      ...aliasFields,
      fromVersionId: uuid.nullable(),
      toVersionId: uuid,
      toVersion: z.number().int().positive(),
      reason: z.string().nullable(),
    }),
  },
  /**
   * An artifact's bytes were uploaded for a model and verified; the model's versions may name it.
   * `deduplicated`: the store already held the digest, and kept its copy.
   */
  ArtifactStored: {
    subjectType: 'Model',
    payload: z.object({
      modelId: uuid,
      teamSlug: z.string(),
      visibility,
      digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
      size: z.number().int().nonnegative(),
      deduplicated: z.boolean(),
    }),
  },
  ModelAliasDeleted: {
    subjectType: 'Model',
    payload: z.object({ ...aliasFields, fromVersionId: uuid, reason: z.string() }),
  },
  /** The alias went back to the version it pointed to before its last change of target. */
  ModelAliasRolledBack: {
    subjectType: 'Model',
    payload: z.object({
      ...aliasFields,
      fromVersionId: uuid,
      toVersionId: uuid,
      toVersion: z.number().int().positive(),
      reason: z.string(),
    }),
  },
  /** Protected aliases are moved, deleted and rolled back by the team's maintainers only. */
  ModelAliasProtectionChanged: {
    subjectType: 'Model',
    payload: z.object({
      ...aliasFields,
      versionId: uuid,
      protected: z.boolean(),
      reason: z.string().nullable(),
    }),
  },
  /** Deprecated (or deprecated again, with a new reason or successor). */
  ModelVersionDeprecated: {
    subjectType: 'ModelVersion',
    payload: z.object({ ...versionFields, reason: z.string(), successorVersionId: uuid.nullable() }),
  },
  ModelVersionUndeprecated: {
    subjectType: 'ModelVersion',
    payload: z.object({ ...versionFields, reason: z.string().nullable() }),
  },
  /** The model and its versions are read-only and left out of default searches and lists. */
  ModelArchived: {
    subjectType: 'Model',
    payload: z.object({ ...modelFields, reason: z.string() }),
  },
  ModelUnarchived: {
    subjectType: 'Model',
    payload: z.object({ ...modelFields, reason: z.string().nullable() }),
  },
  /** No purge or deletion touches the version's artifacts until the hold is released. */
  LegalHoldPlaced: {
    subjectType: 'ModelVersion',
    payload: z.object({ ...versionFields, reason: z.string() }),
  },
  LegalHoldReleased: {
    subjectType: 'ModelVersion',
    payload: z.object({ ...versionFields, reason: z.string() }),
  },
  /** `purgeArchivedArtifactsAfterDays` null: the team's archived artifacts are kept forever. */
  RetentionPolicySet: {
    subjectType: 'Team',
    payload: z.object({
      teamId: uuid,
      teamSlug: z.string(),
      purgeArchivedArtifactsAfterDays: z.number().int().positive().nullable(),
      previousDays: z.number().int().positive().nullable(),
    }),
  },
  /**
   * A retention purge deleted an artifact's bytes. Subject id is the digest; `models` names every
   * model whose versions referenced it, with its team and visibility, for consumers to filter.
   */
  ArtifactPurged: {
    subjectType: 'Artifact',
    payload: z.object({
      digest,
      size: z.number().int().nonnegative(),
      modelVersionIds: z.array(uuid),
      models: z.array(z.object(modelFields)),
      policies: z.array(
        z.object({ teamSlug: z.string(), purgeArchivedArtifactsAfterDays: z.number().int().positive() }),
      ),
    }),
  },
});

export const RegistryEvents = registryEvents.types;
export type TeamCreatedPayload = z.output<typeof registryEvents.kinds.TeamCreated.payload>;
export type ModelRegisteredPayload = z.output<typeof registryEvents.kinds.ModelRegistered.payload>;
export type ModelVersionCreatedPayload = z.output<typeof registryEvents.kinds.ModelVersionCreated.payload>;
export type ModelVisibilityChangedPayload = z.output<
  typeof registryEvents.kinds.ModelVisibilityChanged.payload
>;
export type TeamDefaultVisibilityChangedPayload = z.output<
  typeof registryEvents.kinds.TeamDefaultVisibilityChanged.payload
>;
export type ArtifactStoredPayload = z.output<typeof registryEvents.kinds.ArtifactStored.payload>;
export type ModelAliasSetPayload = z.output<typeof registryEvents.kinds.ModelAliasSet.payload>;
export type ModelAliasDeletedPayload = z.output<typeof registryEvents.kinds.ModelAliasDeleted.payload>;
export type ModelAliasRolledBackPayload = z.output<typeof registryEvents.kinds.ModelAliasRolledBack.payload>;
export type ModelAliasProtectionChangedPayload = z.output<
  typeof registryEvents.kinds.ModelAliasProtectionChanged.payload
>;
export type ArtifactPurgedPayload = z.output<typeof registryEvents.kinds.ArtifactPurged.payload>;
export type ModelVersionImportedPayload = z.output<typeof registryEvents.kinds.ModelVersionImported.payload>;
