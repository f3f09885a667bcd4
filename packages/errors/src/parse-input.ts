import type { z } from 'zod';
import { InvalidInputError } from './errors';

/**
 * Validates input against a zod schema, answering BAD_USER_INPUT that names each offending
 * field. The GraphQL edge and the services both use it, so callers other than GraphQL
 * (seeding, jobs) meet the same rules.
 */
export function parseInput<S extends z.ZodType>(rules: S, input: unknown, pathPrefix?: string): z.infer<S> {
  const result = rules.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidInputError(
    result.error.issues.map((issue) => ({
      path: [pathPrefix, ...issue.path].filter((p) => p !== undefined && p !== '').join('.') || 'input',
      message: issue.message,
    })),
  );
}
