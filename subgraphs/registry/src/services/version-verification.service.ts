import { createHash } from 'node:crypto';
import type { ArtifactStore } from '@cairn/artifact-store';
import { isUuid } from '@cairn/database';
import { NotFoundError } from '@cairn/errors';
import type { Principal } from '@cairn/identity';
import type { ModelSigningResource } from '@cairn/model-metadata';
import { verifyModelSignature } from '@cairn/signing';
import type { DataSource } from 'typeorm';
import { ModelVisibilityPolicy } from './model-visibility';

export interface VerificationCheck {
  name: string;
  passed: boolean;
  detail: string;
}

export interface VersionVerification {
  valid: boolean;
  signed: boolean;
  keyId: string | null;
  checks: VerificationCheck[];
  verifiedAt: Date;
}

interface VersionRow {
  id: string;
  manifest: string | null;
  manifest_digest: string | null;
  signature: unknown;
  signature_key_id: string | null;
  signature_public_key: string | null;
}

const sha256Hex = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * `verifyModelVersion`: re-reads every stored file of a version and hashes it, checks the
 * manifest against its digest, and checks the version's signature over what the store holds
 * now. Each check says what it compared; the version is valid when all pass. Whoever may see a
 * version may verify it.
 */
export class VersionVerificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ArtifactStore,
  ) {}

  async verify(actor: Principal, versionId: string): Promise<VersionVerification> {
    if (!isUuid(versionId)) throw new NotFoundError('ModelVersion', versionId);
    const visible = ModelVisibilityPolicy.for(actor).rawCondition('m', 2);
    const [row]: VersionRow[] = await this.dataSource.query(
      `/* versionToVerify */
       SELECT v.id, v.manifest, v.manifest_digest, v.signature, v.signature_key_id, v.signature_public_key
         FROM registry.model_version v JOIN registry.model m ON m.id = v.model_id
        WHERE v.id = $1 AND ${visible.sql}`,
      [versionId.toLowerCase(), ...visible.parameters],
    );
    if (!row) throw new NotFoundError('ModelVersion', versionId);
    const checks: VerificationCheck[] = [];
    const check = (name: string, passed: boolean, detail: string) => checks.push({ name, passed, detail });

    if (row.manifest === null || row.manifest_digest === null) {
      check('manifest', false, 'registered before manifests existed: there is nothing to verify against');
      return this.result(row, checks);
    }
    const manifestDigest = `sha256:${sha256Hex(row.manifest)}`;
    check(
      'manifest',
      manifestDigest === row.manifest_digest,
      manifestDigest === row.manifest_digest
        ? `the manifest hashes to ${row.manifest_digest}`
        : `the manifest hashes to ${manifestDigest}, not ${row.manifest_digest}`,
    );
    const listed =
      (JSON.parse(row.manifest) as { files?: { path: string; sha256: string; size: number }[] }).files ?? [];
    const held: ModelSigningResource[] = [];
    for (const file of listed) {
      const actual = await this.hashStored(`sha256:${file.sha256}`);
      held.push({ name: file.path, algorithm: 'sha256', digest: actual?.hex ?? '' });
      if (!actual) {
        check(`file:${file.path}`, false, 'the stored bytes are gone (purged or missing)');
        continue;
      }
      const same = actual.hex === file.sha256 && actual.size === file.size;
      check(
        `file:${file.path}`,
        same,
        same
          ? `${actual.size} bytes, sha256 ${file.sha256}`
          : `stored bytes have sha256 ${actual.hex} (${actual.size} bytes); the manifest says ${file.sha256} (${file.size} bytes)`,
      );
    }
    if (row.signature === null || row.signature_public_key === null) {
      check('signature', false, 'the version is not signed');
    } else {
      const signature = verifyModelSignature(row.signature, {
        publicKeyPem: row.signature_public_key,
        resources: held,
      });
      for (const part of signature.checks) check(`signature.${part.name}`, part.passed, part.detail);
    }
    const attached: { key_id: string; public_key: string; bundle: unknown }[] = await this.dataSource.query(
      `/* attachedSignaturesToVerify */ SELECT key_id, public_key, bundle FROM registry.version_signature
        WHERE model_version_id = $1 ORDER BY attached_at, id`,
      [row.id],
    );
    for (const other of attached) {
      const signature = verifyModelSignature(other.bundle, {
        publicKeyPem: other.public_key,
        resources: held,
      });
      // Named by the key, so a reader can tell the team's signatures apart.
      for (const part of signature.checks) {
        check(`attached:${other.key_id.slice(0, 16)}.${part.name}`, part.passed, part.detail);
      }
    }
    return this.result(row, checks);
  }

  private result(row: VersionRow, checks: VerificationCheck[]): VersionVerification {
    return {
      valid: checks.every((c) => c.passed),
      signed: row.signature !== null,
      keyId: row.signature_key_id,
      checks,
      verifiedAt: new Date(),
    };
  }

  /** The stored bytes' sha256 and size, streamed; null when the store no longer has them. */
  private async hashStored(digest: string): Promise<{ hex: string; size: number } | null> {
    if (!(await this.store.stat(digest))) return null;
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of await this.store.openRead(digest)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).byteLength;
    }
    return { hex: hash.digest('hex'), size };
  }
}
