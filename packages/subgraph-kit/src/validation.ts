import { parseInput } from '@cairn/errors';
import type { z } from 'zod';

/** An input class that declares how its values are validated. */
export interface ValidatedInput {
  schema: z.ZodType;
}

function hasSchema(type: unknown): type is ValidatedInput {
  return (
    typeof type === 'function' &&
    'schema' in type &&
    typeof (type as ValidatedInput).schema?.safeParse === 'function'
  );
}

/**
 * type-graphql's `validateFn`: input classes with a static zod `schema` are checked at the
 * edge and rejected as BAD_USER_INPUT naming each offending field.
 */
export function validateWithZod(argValue: unknown, argType: unknown): void {
  if (!hasSchema(argType) || argValue === undefined || argValue === null) return;
  for (const value of Array.isArray(argValue) ? argValue : [argValue]) {
    parseInput(argType.schema, value);
  }
}
