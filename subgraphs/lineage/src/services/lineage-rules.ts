import { jsonObject, plainText } from '@cairn/input-rules';
import { z } from 'zod';

/** Shapes lineage accepts. GraphQL inputs validate against these at the edge. */

export const datasetName = plainText(1, 200);

const MAX_URI_LENGTH = 2048;

export const datasetUri = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_URI_LENGTH, `must be at most ${MAX_URI_LENGTH} characters`)
  // Bytes too: (uri, checksum) is a unique b-tree key, whose entries must fit in a third of a page.
  .refine((v) => Buffer.byteLength(v) <= MAX_URI_LENGTH, `must be at most ${MAX_URI_LENGTH} bytes in UTF-8`)
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s\p{Cc}]+$/u, 'must be a URI with a scheme, e.g. s3://bucket/path');

const HEX_DIGITS: Record<string, number> = { md5: 32, sha1: 40, sha256: 64 };

export const checksum = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const match = /^(sha256|md5|sha1):([0-9a-f]+)$/.exec(value);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: 'must be "<md5|sha1|sha256>:<lowercase hex digits>"' });
    } else if (match[2]!.length !== HEX_DIGITS[match[1]!]) {
      ctx.addIssue({
        code: 'custom',
        message: `a ${match[1]} checksum has ${HEX_DIGITS[match[1]!]} hex digits`,
      });
    }
  });

export const datasetRules = z.object({ name: datasetName, uri: datasetUri, checksum });
export type DatasetCommand = z.infer<typeof datasetRules>;

const MAX_PARAMETER_BYTES = 64 * 1024;

export const trainingParameters = jsonObject(MAX_PARAMETER_BYTES);

const optionalTime = z
  .date()
  .nullish()
  .transform((v) => v ?? null);

export const recordTrainingRunRules = z
  .object({
    modelVersionId: z.string().min(1, 'must not be empty'),
    codeRef: plainText(1, 500),
    parameters: trainingParameters,
    startedAt: optionalTime,
    finishedAt: optionalTime,
    inputDatasets: z
      .array(datasetRules)
      .min(1, 'needs at least one dataset')
      .max(100, 'at most 100 datasets'),
  })
  .refine((run) => !run.startedAt || !run.finishedAt || run.finishedAt >= run.startedAt, {
    message: 'must not be before startedAt',
    path: ['finishedAt'],
  });
export type RecordTrainingRunCommand = z.infer<typeof recordTrainingRunRules>;
