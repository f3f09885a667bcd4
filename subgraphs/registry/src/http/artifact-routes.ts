import { pipeline } from 'node:stream/promises';
import { InvalidInputError } from '@cairn/errors';
import { type SubgraphRoute, sendRouteError } from '@cairn/subgraph-kit';
import type { ArtifactService } from '../services/artifact.service';
import { ArtifactPurgedError } from '../services/housekeeping-rules';

/** `bytes=a-b`, `bytes=a-` or `bytes=-n`; anything else (several ranges, other units) is ignored. */
export function parseRangeHeader(header: string | undefined): { start?: number; end?: number } | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') return { end: Number(match[2]) };
  return { start: Number(match[1]), end: match[2] === '' ? undefined : Number(match[2]) };
}

function paramOf(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}

/**
 * The registry's byte routes, reached through the gateway (which authenticates the caller and
 * forwards their identity): parts of an upload go in, files of a version come out. Downloads
 * stream from the store with the digest as ETag and single byte ranges.
 */
export function artifactRoutes(artifacts: ArtifactService): SubgraphRoute[] {
  return [
    {
      method: 'put',
      path: '/artifacts/uploads/:uploadId/parts/:partNumber',
      async handle({ req, res, principal }) {
        const partNumber = Number(paramOf(req.params.partNumber));
        if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
          throw InvalidInputError.field('partNumber', 'must be a whole number from 1 to 10000');
        }
        const received = await artifacts.putPart(principal, paramOf(req.params.uploadId), partNumber, req);
        const body = JSON.stringify(received);
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      },
    },
    {
      method: 'get',
      path: '/artifacts/versions/:versionId/files/*path',
      async handle({ req, res, principal }) {
        const requested = parseRangeHeader(req.headers.range);
        let download: Awaited<ReturnType<ArtifactService['download']>>;
        try {
          download = await artifacts.download(
            principal,
            paramOf(req.params.versionId),
            paramOf(req.params.path),
            requested,
          );
        } catch (error) {
          // Gone for good, not "try again": the record stays, the bytes were purged.
          if (error instanceof ArtifactPurgedError) {
            sendRouteError(res, 410, error.code, error.message);
            return;
          }
          if (error instanceof InvalidInputError && error.problems[0]?.path === 'range') {
            res.setHeader('content-range', 'bytes */*');
            sendRouteError(res, 416, 'RANGE_NOT_SATISFIABLE', error.message);
            return;
          }
          throw error;
        }
        const etag = `"${download.digest}"`;
        const headers: Record<string, string | number> = {
          etag,
          'accept-ranges': 'bytes',
          'cache-control': 'private, max-age=0, must-revalidate',
          'content-type': 'application/octet-stream',
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(paramOf(req.params.path).split('/').pop() ?? 'file')}`,
        };
        if (req.headers['if-none-match'] === etag) {
          download.body.destroy();
          res.writeHead(304, { etag });
          res.end();
          return;
        }
        const { range } = download;
        if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${download.size}`;
        headers['content-length'] = range ? range.end - range.start + 1 : download.size;
        res.writeHead(range ? 206 : 200, headers);
        if (req.method === 'HEAD') {
          download.body.destroy();
          res.end();
          return;
        }
        await pipeline(download.body, res);
      },
    },
  ];
}
