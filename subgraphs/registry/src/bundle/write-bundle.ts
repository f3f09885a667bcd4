import type { Readable } from 'node:stream';
import { pack as createPack, type Pack } from 'tar-stream';
import type { ExportableVersion } from '../services/version-export.service';
import {
  BUNDLE_DOCUMENT_ENTRY,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BUNDLE_PUBLIC_KEY_ENTRY,
  BUNDLE_SIGNATURE_ENTRY,
  bundleEntryName,
  type CairnBundleDocument,
} from './bundle-format';
import { addBytes, addStream } from './tar-entries';

export function bundleDocument(
  version: ExportableVersion,
  exportedBy: string,
  exportedAt: Date,
): CairnBundleDocument {
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    exportedAt: exportedAt.toISOString(),
    exportedBy,
    source: {
      instance: null,
      versionId: version.id,
      modelId: version.modelId,
      team: version.model.team,
      model: version.model.name,
      version: version.number,
      manifestDigest: version.manifestDigest,
    },
    model: version.model,
    version: {
      number: version.number,
      createdAt: version.createdAt.toISOString(),
      createdBy: version.createdBy,
      hyperparameters: version.hyperparameters,
      provenance: version.provenance,
      card: version.card,
      manifest: version.manifest,
      manifestDigest: version.manifestDigest,
      importedFrom: version.importedFrom,
    },
    files: version.files.map((file) => ({
      path: file.path,
      sha256: file.digest,
      size: file.size,
      entry: bundleEntryName(file.path),
    })),
  };
}

/**
 * The bundle as a tar stream, written as it is read: the document, then each file straight from
 * the store. A store failure mid-way destroys the stream, so the reader gets a truncated tar
 * (and the HTTP answer is cut short), never one that looks complete.
 */
export function streamBundle(
  version: ExportableVersion,
  exportedBy: string,
  openFile: (digest: string) => Promise<Readable>,
  exportedAt = new Date(),
): Pack {
  const pack = createPack();
  const mtime = version.createdAt;
  const document = Buffer.from(
    `${JSON.stringify(bundleDocument(version, exportedBy, exportedAt), null, 2)}\n`,
  );
  (async () => {
    await addBytes(pack, BUNDLE_DOCUMENT_ENTRY, document, mtime);
    for (const file of version.files) {
      // The reader went away: open nothing more from the store.
      if (pack.destroyed) return;
      await addStream(pack, bundleEntryName(file.path), file.size, await openFile(file.digest), mtime);
    }
    if (version.signature && !pack.destroyed) {
      await addBytes(
        pack,
        BUNDLE_SIGNATURE_ENTRY,
        Buffer.from(JSON.stringify(version.signature.bundle)),
        mtime,
      );
      await addBytes(pack, BUNDLE_PUBLIC_KEY_ENTRY, Buffer.from(version.signature.publicKeyPem), mtime);
    }
    pack.finalize();
  })().catch((error: Error) => pack.destroy(error));
  return pack;
}
