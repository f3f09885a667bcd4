import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EXPORT_CONTENT_TYPE } from '@cairn/audit-chain';
import { InvalidInputError } from '@cairn/errors';
import type { SubgraphRoute } from '@cairn/subgraph-kit';
import type { AuditService } from './audit.service';

export const AUDIT_EXPORT_PATH = '/audit/export';

function seqParam(url: URL, name: 'from' | 'to'): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) throw InvalidInputError.field(name, 'must be a seq number, 1 or more');
  return Number(value);
}

/**
 * `GET /audit/export?from=&to=`: the chain (seq `from`..`to`, inclusive) as JSON Lines, streamed
 * with back-pressure; `docs/audit-export.md` describes the lines. Rights and parameters are
 * checked before the first byte, so a refusal still gets a status and a typed code.
 */
export function auditExportRoutes(audit: AuditService): SubgraphRoute[] {
  return [
    {
      method: 'get',
      path: AUDIT_EXPORT_PATH,
      async handle({ req, res, principal }) {
        const url = new URL(req.url ?? '/', 'http://governance');
        const range = { from: seqParam(url, 'from'), to: seqParam(url, 'to') };
        const lines = audit.exportLines(principal, range);
        const first = await lines.next();
        res.writeHead(200, {
          'content-type': `${EXPORT_CONTENT_TYPE}; charset=utf-8`,
          'content-disposition': 'attachment; filename="cairn-audit.jsonl"',
          'cache-control': 'private, no-store',
        });
        if (req.method === 'HEAD') {
          await lines.return(undefined);
          return void res.end();
        }
        async function* all() {
          if (!first.done) yield first.value;
          yield* lines;
        }
        // pipeline keeps back-pressure, and a client that goes away ends the reading (and its
        // listeners) instead of leaving a wait for a drain that never comes.
        await pipeline(Readable.from(all()), res).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
        });
      },
    },
  ];
}
