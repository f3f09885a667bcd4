import type { Readable } from 'node:stream';
import type { ArtifactStore } from '@cairn/artifact-store';
import { isUuid } from '@cairn/database';
import { NotFoundError, PreconditionFailedError } from '@cairn/errors';
import type { Principal } from '@cairn/identity';
import { compareFilePaths } from '@cairn/model-metadata';
import type { DataSource } from 'typeorm';
import { ModelVisibilityPolicy } from './model-visibility';

/** Everything the registry holds about one version, as an export writes it out. */
export interface ExportableVersion {
  id: string;
  modelId: string;
  number: number;
  createdAt: Date;
  createdBy: string;
  hyperparameters: Record<string, unknown>;
  provenance: Record<string, unknown>;
  card: Record<string, unknown> | null;
  manifest: string;
  manifestDigest: string;
  importedFrom: Record<string, unknown> | null;
  model: {
    team: string;
    name: string;
    description: string;
    task: string | null;
    framework: string | null;
    license: string | null;
    tags: string[];
  };
  /** In manifest order (NFC paths, compared as the manifest sorts them). */
  files: { path: string; digest: string; size: number }[];
  /** The registration signature (OpenSSF model-signing bundle) and its public key; null if unsigned. */
  signature: { bundle: unknown; publicKeyPem: string } | null;
}

interface VersionRow {
  id: string;
  model_id: string;
  version: number;
  created_at: Date;
  created_by: string;
  hyperparameters: Record<string, unknown>;
  provenance: Record<string, unknown>;
  card: Record<string, unknown> | null;
  manifest: string | null;
  manifest_digest: string | null;
  imported_from: Record<string, unknown> | null;
  signature: unknown;
  signature_public_key: string | null;
  team: string;
  name: string;
  description: string;
  task: string | null;
  framework: string | null;
  license: string | null;
  tags: string[];
}

/**
 * Reads a version for export (bundle, OCI layout). Whoever may see the version may export it,
 * exactly as they may download its files: an export is those downloads in one stream.
 */
export class VersionExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ArtifactStore,
  ) {}

  async load(actor: Principal, versionId: string): Promise<ExportableVersion> {
    if (!isUuid(versionId)) throw new NotFoundError('ModelVersion', versionId);
    const visible = ModelVisibilityPolicy.for(actor).rawCondition('m', 2);
    const rows: VersionRow[] = await this.dataSource.query(
      `/* exportableVersion */
       SELECT v.id, v.model_id, v.version, v.created_at, v.created_by, v.hyperparameters,
              v.provenance, v.card, v.manifest, v.manifest_digest, v.imported_from, v.signature, v.signature_public_key,
              t.slug AS team, m.name, m.description, m.task, m.framework, m.license, m.tags
         FROM registry.model_version v
         JOIN registry.model m ON m.id = v.model_id
         JOIN registry.team t ON t.id = m.team_id
        WHERE v.id = $1 AND ${visible.sql}`,
      [versionId.toLowerCase(), ...visible.parameters],
    );
    const row = rows[0];
    if (!row) throw new NotFoundError('ModelVersion', versionId);
    if (row.manifest === null || row.manifest_digest === null) {
      throw new PreconditionFailedError(
        `Version ${row.version} of ${row.team}/${row.name} was registered before manifests existed and cannot be exported`,
      );
    }
    const files: { path: string; digest: string; size: string }[] = await this.dataSource.query(
      `/* exportableVersionFiles */
       SELECT path, digest, size FROM registry.model_version_file WHERE model_version_id = $1`,
      [row.id],
    );
    return {
      id: row.id,
      modelId: row.model_id,
      number: row.version,
      createdAt: row.created_at,
      createdBy: row.created_by,
      hyperparameters: row.hyperparameters,
      provenance: row.provenance,
      card: row.card,
      manifest: row.manifest,
      manifestDigest: row.manifest_digest,
      importedFrom: row.imported_from,
      model: {
        team: row.team,
        name: row.name,
        description: row.description,
        task: row.task,
        framework: row.framework,
        license: row.license,
        tags: row.tags,
      },
      files: files
        .map((file) => ({ path: file.path, digest: file.digest, size: Number(file.size) }))
        .sort((a, b) => compareFilePaths(a.path, b.path)),
      signature:
        row.signature !== null && row.signature_public_key !== null
          ? { bundle: row.signature, publicKeyPem: row.signature_public_key }
          : null,
    };
  }

  /** The bytes of a file of a version already loaded (and so already checked) for this caller. */
  openFile(digest: string): Promise<Readable> {
    return this.store.openRead(digest);
  }
}
