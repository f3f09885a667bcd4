import { z } from 'zod';

/**
 * zod building blocks for user input that every subgraph stores in Postgres. Postgres text and
 * jsonb cannot hold NUL, so it is refused here as BAD_USER_INPUT rather than failing in SQL.
 */
const CONTROL_CHARACTERS = /\p{Cc}/u;
const LINE_WHITESPACE = /[\t\n\r]/g;

/** Single-line text: trimmed, bounded, no control characters. */
export const plainText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL_CHARACTERS.test(v), 'must not contain control characters');

/** Multi-line prose such as a description: tabs and line breaks allowed. */
export const prose = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine(
      (v) => !CONTROL_CHARACTERS.test(v.replace(LINE_WHITESPACE, '')),
      'must not contain control characters',
    );

/** A free-form JSON object (hyperparameters, run parameters), bounded in size; `{}` when absent. */
export const jsonObject = (maxBytes: number) =>
  z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((v) => v ?? {})
    .refine((v) => Buffer.byteLength(JSON.stringify(v)) <= maxBytes, {
      message: `must serialise to at most ${maxBytes} bytes`,
    })
    .refine((v) => !JSON.stringify(v).includes('\\u0000'), 'must not contain NUL characters');
