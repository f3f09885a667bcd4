import { DeadlineExceededError } from '@cairn/errors';

/** Postgres SQLSTATE codes Cairn reacts to. */
const UNIQUE_VIOLATION = '23505';
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';
/** statement_timeout, or an operator's pg_cancel_backend. */
const QUERY_CANCELED = '57014';

function sqlState(error: unknown): string | undefined {
  const candidate = (error as { driverError?: { code?: string }; code?: string }) ?? {};
  return candidate.driverError?.code ?? candidate.code;
}

function constraintOf(error: unknown): string | undefined {
  const candidate = (error as { driverError?: { constraint?: string }; constraint?: string }) ?? {};
  return candidate.driverError?.constraint ?? candidate.constraint;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return sqlState(error) === UNIQUE_VIOLATION && (!constraint || constraintOf(error) === constraint);
}

export function isRetryableTransactionError(error: unknown): boolean {
  const state = sqlState(error);
  return state === SERIALIZATION_FAILURE || state === DEADLOCK_DETECTED;
}

export function isStatementCancelled(error: unknown): boolean {
  return sqlState(error) === QUERY_CANCELED;
}

/**
 * The domain error a database failure stands for, when the caller can act on it; undefined for
 * everything else, which stays an internal error.
 */
export function domainErrorOf(error: unknown): DeadlineExceededError | undefined {
  if (isStatementCancelled(error)) {
    return new DeadlineExceededError(
      'The database took too long and the operation was cancelled; try again, or ask for less at once',
    );
  }
  return undefined;
}
