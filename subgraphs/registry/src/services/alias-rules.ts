import { prose } from '@cairn/input-rules';
import { z } from 'zod';

/**
 * `latest` always means the model's highest-numbered version: it is computed, so nobody can set
 * it and have it disagree with `Model.latestVersion`. `modelVersionByAlias` resolves it.
 */
export const COMPUTED_ALIAS = 'latest';
export const MAX_ALIAS_REASON_LENGTH = 500;
/** Aliases per model, so `Model.aliases` and `ModelVersion.aliases` stay bounded lists. */
export const MAX_ALIASES_PER_MODEL = 50;

/** The same rule as the table's CHECK: a slug, so it is safe in URLs, CLIs and deploy configs. */
export const aliasName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,62}$/,
    'must be 1 to 63 lower-case letters, digits and "-", starting with a letter',
  );

const settableAliasName = aliasName.refine(
  (name) => name !== COMPUTED_ALIAS,
  `"${COMPUTED_ALIAS}" is computed (the highest-numbered version) and cannot be set`,
);

// Any string: one that names no model (or version) the caller may see is answered NOT_FOUND.
const id = z.string();

const optionalReason = prose(MAX_ALIAS_REASON_LENGTH)
  .nullish()
  .transform((v) => (v ? v : null));
const requiredReason = prose(MAX_ALIAS_REASON_LENGTH).min(1, 'must say why');

export const setAliasRules = z.object({
  modelId: id,
  alias: settableAliasName,
  versionId: id,
  reason: optionalReason,
});
export type SetAliasCommand = z.infer<typeof setAliasRules>;

export const deleteAliasRules = z.object({ modelId: id, alias: aliasName, reason: requiredReason });
export const rollbackAliasRules = deleteAliasRules;

export const setAliasProtectionRules = z.object({
  modelId: id,
  alias: aliasName,
  protected: z.boolean(),
  reason: optionalReason,
});

/** Postgres keeps timestamps from 4713 BC to 294276 AD; a JS Date reaches further. */
const instant = z
  .date()
  .refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date-time')
  .refine(
    (d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999,
    'must be between the years 1 and 9999',
  );

export const resolveAliasRules = z.object({
  modelId: id,
  alias: aliasName,
  at: instant.nullish().transform((v) => v ?? null),
});

export const aliasHistoryRules = z.object({
  modelId: id,
  alias: aliasName.nullish().transform((v) => v ?? null),
});
