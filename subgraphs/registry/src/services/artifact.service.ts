import type { Readable } from 'node:stream';
import type { ArtifactStore, ByteRange, PartTarget, UploadSession } from '@cairn/artifact-store';
import { isUuid } from '@cairn/database';
import { ForbiddenError, InvalidInputError, NotFoundError, parseInput } from '@cairn/errors';
import { actorOf, hasScope, hasTeamRole, hasTeamRoleAnywhere, type Principal } from '@cairn/identity';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { registryEventLog } from '../data-source';
import type { Visibility } from '../entities/visibility';
import { RegistryEvents } from '../events';
import { ArtifactPurgedError, refuseIfArchived } from './housekeeping-rules';
import { ModelVisibilityPolicy } from './model-visibility';

const beginRules = z.object({
  modelId: z.string().min(1, 'must not be empty'),
  sha256: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be `sha256:` and 64 lowercase hex digits'),
  size: z.number().int('must be a whole number of bytes').nonnegative('must not be negative'),
  partSize: z.number().int().positive().nullish(),
});

const partWindow = z.object({
  from: z.number().int().min(1, 'must be at least 1').max(10_000, 'must be at most 10000'),
  count: z.number().int().min(1, 'must be 1 to 100').max(100, 'must be 1 to 100'),
});

interface OwningModel {
  id: string;
  team_slug: string;
  visibility: Visibility;
  archived_at: Date | null;
  archived_by: string | null;
  archive_reason: string | null;
}

export interface UploadStart {
  /** The model already holds this digest: nothing to send, name it in `createModelVersion`. */
  alreadyStored: boolean;
  upload: UploadSession | null;
}

export interface ArtifactDownload {
  digest: string;
  size: number;
  /** The bytes, or the requested range of them. */
  body: Readable;
  range: { start: number; end: number } | null;
}

/**
 * Rights first, as everywhere: a caller who may add versions to no model is FORBIDDEN whatever
 * the id; one who may elsewhere gets NOT_FOUND for an upload or model that is not theirs.
 */
function requireUploadRights(actor: Principal): void {
  if (!hasScope(actor, 'write') || !hasTeamRoleAnywhere(actor, 'contributor')) {
    throw new ForbiddenError('Uploading artifacts needs the contributor role in the owning team');
  }
}

/**
 * Uploads and downloads of artifact bytes. An upload is opened for one model by someone who may
 * add versions to it, and only they can send its parts, complete or abort it. Completion records
 * that the model holds the digest, which is what lets its versions name the file. A download is
 * answered only for a version the caller may see, exactly like the version itself.
 */
export class ArtifactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ArtifactStore,
  ) {}

  async begin(actor: Principal, input: unknown): Promise<UploadStart> {
    requireUploadRights(actor);
    const command = parseInput(beginRules, input);
    const model = await this.contributableModel(actor, command.modelId);
    const held = await this.dataSource.query(
      `/* modelHoldsArtifact */ SELECT 1 FROM registry.model_artifact ma
         JOIN registry.artifact a ON a.digest = ma.digest AND a.purged_at IS NULL
        WHERE ma.model_id = $1 AND ma.digest = $2`,
      [model.id, command.sha256],
    );
    if (held.length > 0) return { alreadyStored: true, upload: null };
    const session = await this.store.beginUpload({
      digest: command.sha256,
      size: command.size,
      partSize: command.partSize ?? undefined,
    });
    await this.dataSource.query(
      `/* openArtifactUpload */
       INSERT INTO registry.artifact_upload (id, model_id, digest, size, opened_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [session.id, model.id, session.digest, session.size, actorOf(actor), session.expiresAt],
    );
    return { alreadyStored: false, upload: session };
  }

  /** An open upload of the caller's; anyone else's answers NOT_FOUND. */
  async upload(actor: Principal, uploadId: string): Promise<UploadSession> {
    await this.ownUpload(actor, uploadId);
    return this.store.getUpload(uploadId);
  }

  async partTargets(
    actor: Principal,
    uploadId: string,
    window: { from: number; count: number },
  ): Promise<PartTarget[]> {
    const { from, count } = parseInput(partWindow, window);
    const session = await this.upload(actor, uploadId);
    const last = Math.min(session.partCount, from + count - 1);
    const targets: PartTarget[] = [];
    for (let part = from; part <= last; part++) targets.push(await this.store.partTarget(uploadId, part));
    return targets;
  }

  async receivedParts(actor: Principal, uploadId: string) {
    await this.ownUpload(actor, uploadId);
    return this.store.listParts(uploadId);
  }

  async putPart(actor: Principal, uploadId: string, partNumber: number, body: AsyncIterable<Uint8Array>) {
    requireUploadRights(actor);
    await this.ownUpload(actor, uploadId);
    return this.store.putPart(uploadId, partNumber, body);
  }

  async complete(actor: Principal, uploadId: string) {
    requireUploadRights(actor);
    const upload = await this.ownUpload(actor, uploadId);
    const stored = await this.store.completeUpload(uploadId);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        // Bytes uploaded again after a purge are there once more.
        `/* recordArtifact */ INSERT INTO registry.artifact (digest, size) VALUES ($1, $2)
         ON CONFLICT (digest) DO UPDATE SET purged_at = NULL WHERE registry.artifact.purged_at IS NOT NULL`,
        [stored.digest, stored.size],
      );
      await manager.query(
        `/* grantArtifactToModel */
         INSERT INTO registry.model_artifact (model_id, digest, uploaded_by) VALUES ($1, $2, $3)
         ON CONFLICT (model_id, digest) DO NOTHING`,
        [upload.model.id, stored.digest, actorOf(actor)],
      );
      await manager.query(`/* closeArtifactUpload */ DELETE FROM registry.artifact_upload WHERE id = $1`, [
        uploadId,
      ]);
      await registryEventLog.publish(manager, {
        type: RegistryEvents.ArtifactStored,
        subjectId: upload.model.id,
        actor: actorOf(actor),
        payload: {
          modelId: upload.model.id,
          teamSlug: upload.model.team_slug,
          visibility: upload.model.visibility,
          digest: stored.digest,
          size: stored.size,
          deduplicated: stored.deduplicated,
        },
      });
    });
    return stored;
  }

  async abort(actor: Principal, uploadId: string): Promise<boolean> {
    requireUploadRights(actor);
    await this.ownUpload(actor, uploadId);
    await this.store.abortUpload(uploadId);
    await this.dataSource.query(
      `/* abortArtifactUpload */ DELETE FROM registry.artifact_upload WHERE id = $1`,
      [uploadId],
    );
    return true;
  }

  /** Removes expired sessions and their bytes; run periodically. */
  async cleanupExpired(now = new Date()): Promise<number> {
    const removed = await this.store.cleanupExpiredUploads(now);
    await this.dataSource.query(
      `/* forgetExpiredUploads */ DELETE FROM registry.artifact_upload WHERE expires_at < $1`,
      [now],
    );
    return removed;
  }

  /** A file of a version the caller may see, whole or a range of it. */
  async download(
    actor: Principal,
    versionId: string,
    path: string,
    range?: ByteRange,
  ): Promise<ArtifactDownload> {
    if (!isUuid(versionId)) throw new NotFoundError('ModelVersion', versionId);
    const visible = ModelVisibilityPolicy.for(actor).rawCondition('m', 3);
    const rows: { digest: string; size: string; purged_at: Date | null }[] = await this.dataSource.query(
      `/* visibleVersionFile */
       SELECT f.digest, f.size, a.purged_at FROM registry.model_version_file f
         JOIN registry.artifact a ON a.digest = f.digest
         JOIN registry.model_version v ON v.id = f.model_version_id
         JOIN registry.model m ON m.id = v.model_id
        WHERE f.model_version_id = $1 AND f.path = $2 AND ${visible.sql}`,
      [versionId.toLowerCase(), path, ...visible.parameters],
    );
    const file = rows[0];
    if (!file) throw new NotFoundError('ModelVersionFile', path);
    if (file.purged_at) throw new ArtifactPurgedError(path, file.digest, file.purged_at);
    const size = Number(file.size);
    const bounds = range ? resolveRange(range, size) : null;
    const body = await this.store.openRead(file.digest, bounds ?? undefined);
    return { digest: file.digest, size, body, range: bounds };
  }

  private async ownUpload(actor: Principal, uploadId: string) {
    // Upload ids are the store's UUIDs; anything else names no upload.
    if (!isUuid(uploadId)) throw new NotFoundError('ArtifactUpload', uploadId);
    const rows: { model_id: string; opened_by: string }[] = await this.dataSource.query(
      `/* artifactUpload */ SELECT model_id, opened_by FROM registry.artifact_upload WHERE id = $1`,
      [uploadId.toLowerCase()],
    );
    const row = rows[0];
    if (!row || row.opened_by !== actorOf(actor)) throw new NotFoundError('ArtifactUpload', uploadId);
    // Rights are checked again: a role lost since opening the upload ends it for this caller.
    return { model: await this.contributableModel(actor, row.model_id) };
  }

  private async contributableModel(actor: Principal, modelId: string): Promise<OwningModel> {
    if (!isUuid(modelId)) throw new NotFoundError('Model', modelId);
    const visible = ModelVisibilityPolicy.for(actor).rawCondition('m', 2);
    const rows: OwningModel[] = await this.dataSource.query(
      `/* visibleModelOwner */
       SELECT m.id, t.slug AS team_slug, m.visibility, m.archived_at, m.archived_by, m.archive_reason
         FROM registry.model m
         JOIN registry.team t ON t.id = m.team_id
        WHERE m.id = $1 AND ${visible.sql}`,
      [modelId.toLowerCase(), ...visible.parameters],
    );
    const model = rows[0];
    if (!model) throw new NotFoundError('Model', modelId);
    if (!hasScope(actor, 'write') || !hasTeamRole(actor, model.team_slug, 'contributor')) {
      throw new ForbiddenError(
        `Only contributors of team "${model.team_slug}" can upload artifacts for this model`,
      );
    }
    refuseIfArchived(model);
    return model;
  }
}

/** An HTTP byte range against a file of `size` bytes; BAD_USER_INPUT when it cannot be served. */
export function resolveRange(range: ByteRange, size: number): { start: number; end: number } {
  let start = range.start;
  let end = range.end;
  if (start === undefined && end !== undefined) {
    // `bytes=-N`: the last N bytes.
    start = Math.max(0, size - end);
    end = size - 1;
  }
  start ??= 0;
  end = Math.min(end ?? size - 1, size - 1);
  if (start > end || start >= size)
    throw InvalidInputError.field('range', `cannot be served from ${size} bytes`);
  return { start, end };
}
