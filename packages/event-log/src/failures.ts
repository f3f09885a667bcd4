/**
 * Telling an event that cannot be applied from infrastructure that is briefly away. Only the
 * first kind is quarantined; the second is retried with backoff until it comes back, because
 * quarantining every event that arrives during a database or Elasticsearch outage would empty
 * the log into the quarantine table.
 */

/** Thrown by a handler when something it depends on is unavailable, not the event at fault. */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** Network failures of any client (pg, undici, the Elasticsearch client). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * PostgreSQL SQLSTATEs that say nothing about the statement: connection exceptions (08),
 * insufficient resources (53), operator intervention such as a shutdown (57P), and the two
 * concurrency failures that succeed on a retry.
 */
function isRetryableSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('53') ||
    code.startsWith('57P') ||
    code === '40001' ||
    code === '40P01'
  );
}

// node-postgres reports a dropped connection with plain Errors that carry no code.
const DROPPED_CONNECTION =
  /Connection terminated|connection timeout|Client has encountered a connection error/i;

function isTransientOne(error: unknown): boolean {
  if (error instanceof TransientError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isRetryableSqlState(code))) return true;
  return DROPPED_CONNECTION.test(error.message);
}

/** True when `error`, or anything it wraps (`cause`, TypeORM's `driverError`), is transient. */
export function isTransientFailure(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && !seen.has(current)) {
    if (isTransientOne(current)) return true;
    seen.add(current);
    const wrapper = current as { driverError?: unknown; cause?: unknown };
    current = wrapper.driverError ?? wrapper.cause;
  }
  return false;
}

/** True when `error`, or anything it wraps, is a PostgreSQL error with SQLSTATE `code`. */
export function hasSqlState(error: unknown, code: string): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && !seen.has(current)) {
    if ((current as { code?: unknown }).code === code) return true;
    seen.add(current);
    const wrapper = current as { driverError?: unknown; cause?: unknown };
    current = wrapper.driverError ?? wrapper.cause;
  }
  return false;
}

export const MAX_REASON_LENGTH = 2000;

/** The error as one bounded line for the quarantine table, logs and `/readyz`. */
export function describeFailure(error: unknown, max = MAX_REASON_LENGTH): string {
  const text =
    error instanceof Error ? `${error.name}: ${error.message}` : `Non-error thrown: ${String(error)}`;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
