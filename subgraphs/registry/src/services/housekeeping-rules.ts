import { PreconditionFailedError } from '@cairn/errors';
import { prose } from '@cairn/input-rules';
import { z } from 'zod';
import { teamSlug } from './catalog-rules';

export const MAX_HOUSEKEEPING_REASON_LENGTH = 500;
/** A hundred years: the table's CHECK says the same. */
export const MAX_RETENTION_DAYS = 36_500;

// Any string: one that names no model or version the caller may see is answered NOT_FOUND.
const id = z.string();
const requiredReason = prose(MAX_HOUSEKEEPING_REASON_LENGTH).min(1, 'must say why');
const optionalReason = prose(MAX_HOUSEKEEPING_REASON_LENGTH)
  .nullish()
  .transform((v) => (v ? v : null));

export const deprecateRules = z.object({
  versionId: id,
  reason: requiredReason,
  successorVersionId: id.nullish().transform((v) => v ?? null),
});
export const undeprecateRules = z.object({ versionId: id, reason: optionalReason });

export const archiveRules = z.object({ modelId: id, reason: requiredReason });
export const unarchiveRules = z.object({ modelId: id, reason: optionalReason });

export const legalHoldRules = z.object({ versionId: id, reason: requiredReason });

/** Null or absent: nothing of the team is ever purged. */
export const retentionPolicyInputRules = z.object({
  purgeArchivedArtifactsAfterDays: z
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(MAX_RETENTION_DAYS, `must be at most ${MAX_RETENTION_DAYS}`)
    .nullish()
    .transform((v) => v ?? null),
});

export const retentionPolicyRules = retentionPolicyInputRules.extend({ team: teamSlug });

/** Every mutation of an archived model or of its versions answers this, naming the archive. */
export class ModelArchivedError extends PreconditionFailedError {
  constructor(modelId: string, archive: { archivedBy?: string | null; reason?: string | null } = {}) {
    const by = archive.archivedBy ? ` by ${archive.archivedBy}` : '';
    const why = archive.reason ? ` (${archive.reason})` : '';
    super(
      `Model ${modelId} is archived${by}${why}: it and its versions are read-only until a maintainer unarchives it`,
      { modelId },
    );
  }
}

/** Refuses a change to a model (or its versions) that is archived. */
export function refuseIfArchived(model: {
  id: string;
  archived_at?: Date | null;
  archived_by?: string | null;
  archive_reason?: string | null;
}): void {
  if (model.archived_at) {
    throw new ModelArchivedError(model.id, { archivedBy: model.archived_by, reason: model.archive_reason });
  }
}

/** A file whose bytes a retention purge deleted: the record stays, the bytes do not. */
export class ArtifactPurgedError extends PreconditionFailedError {
  constructor(path: string, digest: string, purgedAt: Date) {
    super(
      `The bytes of "${path}" (${digest}) were purged on ${purgedAt.toISOString()} under its team's retention policy; they can no longer be downloaded`,
      { path, digest, purgedAt: purgedAt.toISOString() },
    );
  }
}
