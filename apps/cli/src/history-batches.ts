import { CairnError, type operations } from '@cairn/sdk';
import { type FileModel, type FilePosition, filePath, type PathSegment } from './history-file';

/** importInsightsHistory's limits per call (subgraphs/metrics history-import-rules.ts). */
export const MAX_MODELS_PER_CALL = 200;
export const MAX_VERSIONS_PER_CALL = 2_000;
/**
 * The gateway refuses request bodies over MAX_REQUEST_BYTES (256 KiB unless configured): 2,000
 * versions with a few promotions each are well over that, so a batch is also cut by its size,
 * with room left for the query text and headers.
 */
export const MAX_BATCH_BYTES = 192 * 1024;

/** One model's entry in a batch: the whole model, or a run of its versions when it is too big. */
export interface BatchPiece {
  position: FilePosition;
  /** Index in the model's own `versions` of this piece's first version. */
  versionOffset: number;
  model: operations.HistoricalModelInput;
}

export interface Batch {
  /** 1-based, as printed. */
  number: number;
  pieces: BatchPiece[];
  models: number;
  versions: number;
  promotions: number;
}

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const promotionsOf = (model: operations.HistoricalModelInput) =>
  model.versions.reduce((sum, v) => sum + (v.promotions?.length ?? 0), 0);

/**
 * A model too big for one call, cut into runs of its versions, each a call of its own: the
 * server keeps the model's first registration time when a later call names it again. Each run
 * but the last is full, so no two runs of a model could ever share a call.
 */
function splitModel(entry: FileModel): BatchPiece[] {
  const { model, position } = entry;
  const header = bytesOf({ ...model, versions: [] });
  const pieces: BatchPiece[] = [];
  let start = 0;
  let bytes = header;
  model.versions.forEach((version, i) => {
    const size = bytesOf(version) + 1;
    const full = i - start >= MAX_VERSIONS_PER_CALL || bytes + size > MAX_BATCH_BYTES;
    if (full && i > start) {
      pieces.push({
        position,
        versionOffset: start,
        model: { ...model, versions: model.versions.slice(start, i) },
      });
      start = i;
      bytes = header;
    }
    bytes += size;
  });
  pieces.push({ position, versionOffset: start, model: { ...model, versions: model.versions.slice(start) } });
  return pieces;
}

/**
 * Cuts the file, in its order, into calls within the limits: at most `batchSize` models,
 * 2,000 versions and MAX_BATCH_BYTES each. A model's versions stay in one call unless the model
 * alone is over a limit.
 */
export function planBatches(models: FileModel[], batchSize = MAX_MODELS_PER_CALL): Batch[] {
  const batches: Batch[] = [];
  let current: BatchPiece[] = [];
  let versions = 0;
  let bytes = 0;
  const flush = () => {
    if (current.length === 0) return;
    batches.push({
      number: batches.length + 1,
      pieces: current,
      models: new Set(current.map((p) => p.position.index)).size,
      versions: current.reduce((sum, p) => sum + p.model.versions.length, 0),
      promotions: current.reduce((sum, p) => sum + promotionsOf(p.model), 0),
    });
    current = [];
    versions = 0;
    bytes = 0;
  };
  const add = (piece: BatchPiece, size: number) => {
    current.push(piece);
    versions += piece.model.versions.length;
    bytes += size;
  };
  for (const entry of models) {
    const size = bytesOf(entry.model) + 1;
    if (entry.model.versions.length > MAX_VERSIONS_PER_CALL || size > MAX_BATCH_BYTES) {
      flush();
      const pieces = splitModel(entry);
      for (const piece of pieces.slice(0, -1)) {
        add(piece, 0);
        flush();
      }
      const last = pieces[pieces.length - 1]!;
      add(last, bytesOf(last.model) + 1);
      continue;
    }
    const fits =
      current.length < batchSize &&
      versions + entry.model.versions.length <= MAX_VERSIONS_PER_CALL &&
      bytes + size <= MAX_BATCH_BYTES;
    if (!fits) flush();
    add({ position: entry.position, versionOffset: 0, model: entry.model }, size);
  }
  flush();
  return batches;
}

/** The file positions a batch covers, for people: `.[0]–.[199]` or `lines 1–200`. */
export function batchSpan(batch: Batch): string {
  const first = batch.pieces[0]!.position;
  const last = batch.pieces[batch.pieces.length - 1]!.position;
  const split = batch.pieces.some((p) => p.versionOffset > 0) ? ' (part of its versions)' : '';
  if (first.line !== undefined)
    return first.line === last.line
      ? `line ${first.line}${split}`
      : `lines ${first.line}–${last.line}${split}`;
  return first.index === last.index
    ? `.[${first.index}]${split}`
    : `.[${first.index}]–.[${last.index}]${split}`;
}

/**
 * The API names a problem by its place in the call (`models.3.versions.0.decidedAt`); the user
 * needs its place in the file, so the batch's model and a split model's version offset go back in.
 */
export function pathInFile(batch: Batch, apiPath: string): string {
  const match = /^models\.(\d+)(?:\.versions\.(\d+))?((?:\.[^.]+)*)$/.exec(apiPath);
  const piece = match ? batch.pieces[Number(match[1])] : undefined;
  if (!match || !piece) return apiPath;
  const rest: PathSegment[] = [];
  if (match[2] !== undefined) rest.push('versions', Number(match[2]) + piece.versionOffset);
  for (const segment of (match[3] ?? '').split('.').slice(1))
    rest.push(/^\d+$/.test(segment) ? Number(segment) : segment);
  return filePath(piece.position, rest);
}

/** The API's error with every problem path pointing into the file instead of the call. */
export function errorInFile(batch: Batch, error: CairnError): CairnError {
  if (!error.problems?.length) return error;
  // The message repeats the first problem's path (`models.50.…: must not be …`).
  const message = error.message.replace(/\bmodels\.\d+(?:\.\w+)*/g, (apiPath) => pathInFile(batch, apiPath));
  return new CairnError(error.code, message, {
    status: error.status,
    extensions: error.extensions,
    problems: error.problems.map((p) => ({ path: pathInFile(batch, p.path), message: p.message })),
    cause: error,
  });
}
