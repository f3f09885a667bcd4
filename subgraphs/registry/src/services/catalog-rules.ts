import { VISIBILITIES } from '@cairn/events';
import { jsonObject, plainText, prose } from '@cairn/input-rules';
import { z } from 'zod';

/** Shapes the registry accepts. GraphQL inputs validate against these at the edge. */
export const teamSlug = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(50, 'must be at most 50 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens');

export const modelName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must start with a letter or digit and use only letters, digits, ".", "_" and "-"',
  );

const optionalShortText = (max: number) =>
  plainText(0, max)
    .nullish()
    .transform((v) => (v ? v : null));

export const tag = z
  .string()
  .trim()
  .min(1, 'tags must not be empty')
  .max(50, 'tags must be at most 50 characters')
  .regex(/^[a-z0-9][a-z0-9:._-]*$/i, 'tags use letters, digits, ":", ".", "_" and "-"');

export const visibility = z.enum(VISIBILITIES);

export const registerModelRules = z.object({
  team: teamSlug,
  name: modelName,
  description: prose(10_000)
    .nullish()
    .transform((v) => v ?? ''),
  task: optionalShortText(100),
  framework: optionalShortText(100),
  license: optionalShortText(100),
  tags: z
    .array(tag)
    .max(30, 'at most 30 tags')
    .nullish()
    .transform((tags) => [...new Set(tags ?? [])]),
  /** Absent: the team's default. */
  visibility: visibility.nullish().transform((v) => v ?? null),
});
export type RegisterModelCommand = z.infer<typeof registerModelRules>;

/** A file of a version: where it sits and which uploaded artifact holds its bytes. */
export const versionFile = z.object({
  path: z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
  sha256: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be `sha256:` and 64 lowercase hex digits'),
});

export const createModelVersionRules = z.object({
  modelId: z.string().min(1, 'must not be empty'),
  hyperparameters: jsonObject(64 * 1024),
  files: z
    .array(versionFile)
    .max(10_000, 'at most 10,000 files')
    .nullish()
    .transform((files) => files ?? []),
  /** Checked in full by `@cairn/model-metadata`'s provenance schema, which names each field. */
  provenance: jsonObject(256 * 1024),
  /** Checked in full by `@cairn/model-metadata`'s model card schema. */
  card: z.record(z.string(), z.unknown()).nullish(),
});
export type CreateModelVersionCommand = z.infer<typeof createModelVersionRules>;

export const createTeamRules = z.object({
  slug: teamSlug,
  name: plainText(1, 100),
  defaultVisibility: visibility.nullish().transform((v) => v ?? 'INTERNAL'),
});
export type CreateTeamCommand = z.infer<typeof createTeamRules>;

export const pageRules = z.object({
  first: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  after: z.string().nullish(),
  team: teamSlug.nullish(),
});

export const MAX_VISIBILITY_REASON_LENGTH = 1000;

export const setModelVisibilityRules = z.object({
  // Any string: one that names no model the caller may see is answered NOT_FOUND.
  modelId: z.string(),
  visibility,
  reason: prose(MAX_VISIBILITY_REASON_LENGTH)
    .nullish()
    .transform((v) => (v ? v : null)),
});

export const setTeamDefaultVisibilityRules = z.object({
  team: teamSlug,
  visibility,
});
