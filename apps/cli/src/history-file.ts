import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CairnError, type operations } from '@cairn/sdk';
import { z } from 'zod';
import { cliError } from './exit-codes';

/**
 * Reads a history export for `cairn history import`: a JSON array of HistoricalModelInput, or JSON
 * Lines (one model a line) for `.jsonl`/`.ndjson`. It checks the GraphQL shape only (fields,
 * types, enums, RFC 3339 times): a shape error would otherwise come back from the API as a
 * variable-coercion error without a field path, after earlier batches had already landed. The
 * rules between times (decided after requested, not in the future, …) stay the server's.
 */

/** Where a model sits in the user's file: its index in the array, or its line in JSON Lines. */
export interface FilePosition {
  index: number;
  line?: number;
}

export interface FileModel {
  position: FilePosition;
  model: operations.HistoricalModelInput;
}

export type PathSegment = string | number;

/** A jq path (`.[250].versions[0].decidedAt`), or `line 251: .versions[0]…` for JSON Lines. */
export function filePath(position: FilePosition, rest: readonly PathSegment[]): string {
  const tail = rest.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
  return position.line === undefined
    ? `.[${position.index}]${tail}`
    : `line ${position.line}: ${tail.startsWith('[') ? `.${tail}` : tail || '.'}`;
}

// What graphql-scalars' DateTimeISO accepts; anything else fails variable coercion, pathless.
const RFC_3339 =
  /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;
const dateTime = z
  .string({ message: 'must be a date-time string' })
  .refine(
    (v) => RFC_3339.test(v) && !Number.isNaN(Date.parse(v)),
    'must be an RFC 3339 date-time, e.g. 2024-03-01T09:30:00Z',
  );
const text = z.string({ message: 'must be a string' }).min(1, 'must not be empty');
const graphqlInt = z
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(-(2 ** 31), 'is out of range')
  .max(2 ** 31 - 1, 'is out of range');

const promotionShape = z.strictObject({
  targetStage: z.enum(['STAGING', 'PRODUCTION']),
  requestedAt: dateTime,
  firstApprovedAt: dateTime.nullish(),
  decidedAt: dateTime,
  outcome: z.enum(['COMPLETED', 'REJECTED', 'WITHDRAWN']),
  liveAt: dateTime.nullish(),
  rejectionReason: z.string({ message: 'must be a string' }).nullish(),
});

/** Exported so the batch plan and this check agree on the one limit no split can fix. */
export const MAX_PROMOTIONS_PER_VERSION = 20;

const versionShape = z.strictObject({
  version: graphqlInt,
  registeredAt: dateTime,
  promotions: z
    .array(promotionShape)
    .max(MAX_PROMOTIONS_PER_VERSION, `must have at most ${MAX_PROMOTIONS_PER_VERSION} entries`)
    .nullish(),
});

const modelShape = z
  .strictObject({
    team: text,
    name: text,
    visibility: z.enum(['PRIVATE', 'INTERNAL']).nullish(),
    registeredAt: dateTime,
    versions: z.array(versionShape).min(1, 'must not be empty'),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<number>();
    m.versions.forEach((v, i) => {
      if (seen.has(v.version))
        ctx.addIssue({ code: 'custom', path: ['versions', i, 'version'], message: 'is listed twice' });
      seen.add(v.version);
    });
  });

interface Entry {
  position: FilePosition;
  value: unknown;
}

function parseEntries(file: string, content: string): Entry[] {
  const jsonLines = /\.(jsonl|ndjson)$/i.test(file);
  if (!jsonLines) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch (error) {
      throw cliError('BAD_USER_INPUT', `${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed))
      throw cliError('BAD_USER_INPUT', `${file} must hold a JSON array of models (or use .jsonl)`);
    return parsed.map((value, index) => ({ position: { index }, value }));
  }
  const entries: Entry[] = [];
  content.split(/\r?\n/).forEach((lineText, i) => {
    if (lineText.trim() === '') return;
    try {
      entries.push({ position: { index: entries.length, line: i + 1 }, value: JSON.parse(lineText) });
    } catch (error) {
      throw cliError(
        'BAD_USER_INPUT',
        `${file} line ${i + 1} is not valid JSON: ${(error as Error).message}`,
      );
    }
  });
  return entries;
}

/** Parses and checks every model, reporting all problems at once with their place in the file. */
export function parseHistory(file: string, content: string): FileModel[] {
  const entries = parseEntries(file, content);
  if (entries.length === 0) throw cliError('BAD_USER_INPUT', `${file} holds no models`);
  const problems: { path: string; message: string }[] = [];
  const models: FileModel[] = [];
  const firstSeen = new Map<string, FilePosition>();
  for (const { position, value } of entries) {
    const parsed = modelShape.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ path: filePath(position, issue.path as PathSegment[]), message: issue.message });
      continue;
    }
    // Two entries for one model would meet in one call (refused) or in two (a CONFLICT midway).
    const key = `${parsed.data.team}/${parsed.data.name}`;
    const earlier = firstSeen.get(key);
    if (earlier) {
      problems.push({
        path: filePath(position, ['name']),
        message: `${key} is listed twice (first at ${filePath(earlier, [])})`,
      });
    } else firstSeen.set(key, position);
    models.push({ position, model: parsed.data as operations.HistoricalModelInput });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 50);
    const more = problems.length - shown.length;
    throw new CairnError(
      'BAD_USER_INPUT',
      `${file} is not a valid history export (${problems.length} problem(s)${more > 0 ? `, the first 50 shown` : ''}); nothing was imported`,
      { problems: shown },
    );
  }
  return models;
}

export async function readHistoryFile(file: string): Promise<FileModel[]> {
  let content: string;
  try {
    content = await readFile(path.resolve(file), 'utf8');
  } catch (error) {
    throw cliError('BAD_USER_INPUT', `cannot read ${file}: ${(error as Error).message}`);
  }
  return parseHistory(file, content);
}
