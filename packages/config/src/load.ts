import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const secretKeys = new Set<string>();

/** Marks an environment variable as secret so `redact` hides it in logs. */
export function secret<T extends z.ZodType>(key: string, schema: T): T {
  secretKeys.add(key);
  return schema;
}

/**
 * Parses the environment once against a schema, reporting every problem in one pass,
 * and returns a frozen, typed object. No other code reads `process.env`.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return Object.freeze(result.data);
}

/** A copy of the raw environment slice for a schema, with secrets replaced, for start-up logs. */
export function redact(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, secretKeys.has(key) ? '[redacted]' : value]),
  );
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
