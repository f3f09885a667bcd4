import { pipeline } from 'node:stream/promises';
import { actorOf } from '@cairn/identity';
import type { SubgraphRoute } from '@cairn/subgraph-kit';
import { BUNDLE_MEDIA_TYPE } from '../bundle/bundle-format';
import { streamOciLayout } from '../bundle/oci-layout';
import { streamBundle } from '../bundle/write-bundle';
import type { ExportableVersion, VersionExportService } from '../services/version-export.service';

function paramOf(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}

/** A file name safe in any shell and file system: `<team>-<model>-v<N><suffix>`. */
function fileName(version: ExportableVersion, suffix: string): string {
  const stem = `${version.model.team}-${version.model.name}-v${version.number}`.replace(/[^\w.-]+/g, '_');
  return `${stem}${suffix}`;
}

/**
 * Exports of a version, streamed as tar: the Cairn bundle (for `importModelVersion` on another
 * instance) and an OCI image layout (for any OCI registry, e.g. `skopeo copy oci-archive:…`).
 * Nothing is buffered but the small JSON documents; no content-length is sent, because a tar's
 * length is known only once written, and a failure mid-way cuts the answer short.
 */
export function exportRoutes(exports: VersionExportService): SubgraphRoute[] {
  const openFile = (digest: string) => exports.openFile(digest);
  return [
    {
      method: 'get',
      path: '/artifacts/versions/:versionId/bundle',
      async handle({ req, res, principal }) {
        const version = await exports.load(principal, paramOf(req.params.versionId));
        res.writeHead(200, {
          'content-type': BUNDLE_MEDIA_TYPE,
          'content-disposition': `attachment; filename="${fileName(version, '.cairn.tar')}"`,
          'cache-control': 'private, no-store',
        });
        if (req.method === 'HEAD') return void res.end();
        await pipeline(streamBundle(version, actorOf(principal), openFile), res);
      },
    },
    {
      method: 'get',
      path: '/artifacts/versions/:versionId/oci',
      async handle({ req, res, principal }) {
        const version = await exports.load(principal, paramOf(req.params.versionId));
        res.writeHead(200, {
          'content-type': 'application/x-tar',
          'content-disposition': `attachment; filename="${fileName(version, '.oci.tar')}"`,
          'cache-control': 'private, no-store',
        });
        if (req.method === 'HEAD') return void res.end();
        await pipeline(streamOciLayout(version, openFile), res);
      },
    },
  ];
}
