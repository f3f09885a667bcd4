import type { Readable } from 'node:stream';
import { prefixedSha256Of } from '@cairn/model-metadata';
import { pack as createPack, type Pack } from 'tar-stream';
import type { ExportableVersion } from '../services/version-export.service';
import { addBytes, addStream } from './tar-entries';

export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
export const CAIRN_ARTIFACT_TYPE = 'application/vnd.cairn.model.v1';
/** The config blob: the version's canonical Cairn manifest, byte for byte. */
export const CAIRN_MANIFEST_MEDIA_TYPE = 'application/vnd.cairn.model.manifest.v1+json';
export const CAIRN_FILE_MEDIA_TYPE = 'application/vnd.cairn.model.file.v1';

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  artifactType?: string;
}

export interface OciLayoutPlan {
  index: Buffer;
  manifest: Buffer;
  manifestDigest: string;
  config: Buffer;
  /** Each distinct blob once: files with the same bytes share one, as in any OCI store. */
  fileBlobs: { digest: string; size: number }[];
}

const blobPath = (digest: string) => `blobs/sha256/${digest.slice('sha256:'.length)}`;

/**
 * An OCI artifact manifest for the version (image spec 1.1: `artifactType`, the Cairn manifest
 * as config, one layer per file titled with its path) and an index naming it. Built only from
 * what the version records, so the same version always gives the same manifest digest.
 */
export function planOciLayout(version: ExportableVersion): OciLayoutPlan {
  const config = Buffer.from(version.manifest, 'utf8');
  const created = version.createdAt.toISOString();
  const layers: Descriptor[] = version.files.map((file) => ({
    mediaType: CAIRN_FILE_MEDIA_TYPE,
    digest: file.digest,
    size: file.size,
    annotations: { 'org.opencontainers.image.title': file.path },
  }));
  const manifestJson = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    artifactType: CAIRN_ARTIFACT_TYPE,
    config: { mediaType: CAIRN_MANIFEST_MEDIA_TYPE, digest: version.manifestDigest, size: config.length },
    layers,
    annotations: {
      'org.opencontainers.image.created': created,
      'org.opencontainers.image.title': `${version.model.team}/${version.model.name}`,
      'org.opencontainers.image.version': String(version.number),
      'dev.cairn.model.version.id': version.id,
      'dev.cairn.model.manifest.digest': version.manifestDigest,
    },
  };
  const manifest = Buffer.from(JSON.stringify(manifestJson));
  const manifestDigest = prefixedSha256Of(manifest);
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX_MEDIA_TYPE,
      manifests: [
        {
          mediaType: OCI_MANIFEST_MEDIA_TYPE,
          artifactType: CAIRN_ARTIFACT_TYPE,
          digest: manifestDigest,
          size: manifest.length,
          annotations: { 'org.opencontainers.image.ref.name': String(version.number) },
        },
      ],
    }),
  );
  const seen = new Set([manifestDigest, version.manifestDigest]);
  const fileBlobs = version.files.flatMap((file) => {
    if (seen.has(file.digest)) return [];
    seen.add(file.digest);
    return [{ digest: file.digest, size: file.size }];
  });
  return { index, manifest, manifestDigest, config, fileBlobs };
}

/** The OCI image layout as a tar (what `skopeo … oci-archive:` reads), files streamed from the store. */
export function streamOciLayout(
  version: ExportableVersion,
  openFile: (digest: string) => Promise<Readable>,
): Pack {
  const plan = planOciLayout(version);
  const pack = createPack();
  const mtime = version.createdAt;
  (async () => {
    await addBytes(pack, 'oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'), mtime);
    await addBytes(pack, 'index.json', plan.index, mtime);
    await addBytes(pack, blobPath(plan.manifestDigest), plan.manifest, mtime);
    await addBytes(pack, blobPath(version.manifestDigest), plan.config, mtime);
    for (const blob of plan.fileBlobs) {
      // The reader went away: open nothing more from the store.
      if (pack.destroyed) return;
      await addStream(pack, blobPath(blob.digest), blob.size, await openFile(blob.digest), mtime);
    }
    pack.finalize();
  })().catch((error: Error) => pack.destroy(error));
  return pack;
}
